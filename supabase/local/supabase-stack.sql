-- =====================================================================================================================
-- What a hosted Supabase project already has, for plain PostgreSQL and PGlite (local runs and tests).
-- `fpsos db migrate` applies this only when the database lacks the Supabase roles, so the same migrations apply
-- unchanged to a hosted project (`supabase db push`) and to local databases. Mirrors supabase/postgres init scripts.
-- =====================================================================================================================

-- Roles are cluster-wide: two databases bootstrapped at once may race to create them, so a duplicate is fine.
do $$
declare
	r record;
begin
	for r in select * from (values
		('anon', 'nologin noinherit'),
		('authenticated', 'nologin noinherit'),
		('service_role', 'nologin noinherit bypassrls'),
		('authenticator', 'nologin noinherit')
	) as roles (name, options) loop
		if not exists (select 1 from pg_roles where rolname = r.name) then
			begin
				execute format('create role %I %s', r.name, r.options);
			exception when duplicate_object or unique_violation then
				null;
			end;
		end if;
	end loop;
end
$$;

grant anon, authenticated, service_role to authenticator;
grant usage on schema public to anon, authenticated, service_role;

-- Supabase's default privileges hand every new table in public to the API roles; migrations must revoke.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create or replace function auth.jwt() returns jsonb
	language sql stable
	set search_path = ''
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')
	)::jsonb
$$;

create or replace function auth.uid() returns uuid
	language sql stable
	set search_path = ''
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim.sub', true), ''),
		(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
	)::uuid
$$;

create or replace function auth.role() returns text
	language sql stable
	set search_path = ''
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim.role', true), ''),
		(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
	)::text
$$;

create or replace function auth.email() returns text
	language sql stable
	set search_path = ''
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim.email', true), ''),
		(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
	)::text
$$;
