import { describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { lintSchema, type LintFinding } from '../../src/lib/data/schema-lint.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/**
 * The schema lint passes on the schema our migrations build, and fails on each kind of object it exists to catch.
 * Every bad object is created inside a transaction that is rolled back, so the migrated schema stays clean.
 */
describe.each(databaseTargets())('schema lint on $name', (target) => {
	const database = useMigratedDatabase(target);

	async function findingsWith(sql: string): Promise<LintFinding[]> {
		const rollback = new Error('rollback');
		let findings: LintFinding[] = [];
		await database.db
			.transaction(async (tx: Queryable) => {
				await tx.exec(sql);
				findings = await lintSchema(tx);
				throw rollback;
			})
			.catch((error: unknown) => {
				if (error !== rollback) throw error;
			});
		return findings;
	}

	const summary = (findings: LintFinding[]) => findings.map((f) => `${f.lint} ${f.object}`).sort();

	test('the migrated schema has no findings', async () => {
		expect(await lintSchema(database.db)).toEqual([]);
	});

	test('a table without row-level security is found (the default privileges no longer hand it to the API roles)', async () => {
		const findings = await findingsWith('create table public.lint_open (id int primary key)');
		expect(summary(findings)).toEqual(['rls_disabled public.lint_open']);
	});

	test('a table done the house way (RLS on, revoked from the API roles) passes', async () => {
		const findings = await findingsWith(`
			create table public.lint_closed (id int primary key);
			alter table public.lint_closed enable row level security;
			revoke all on table public.lint_closed from anon, authenticated;`);
		expect(findings).toEqual([]);
	});

	test('a policy on a table whose row-level security is off is found', async () => {
		const findings = await findingsWith(`
			create table public.lint_policy (id int primary key);
			revoke all on table public.lint_policy from anon, authenticated;
			create policy lint_policy_read on public.lint_policy for select using (true);`);
		expect(summary(findings)).toEqual(['policy_exists_rls_disabled public.lint_policy', 'rls_disabled public.lint_policy']);
		expect(findings.find((f) => f.lint === 'policy_exists_rls_disabled')?.detail).toContain('lint_policy_read');
	});

	test("a view that reads with its owner's rights is found; a security_invoker view is not", async () => {
		const findings = await findingsWith(`
			create view public.lint_definer_view as select id from public.members;
			create view public.lint_invoker_view with (security_invoker = true) as select id from public.members;
			revoke all on public.lint_definer_view, public.lint_invoker_view from anon, authenticated;`);
		expect(summary(findings)).toEqual(['security_definer_view public.lint_definer_view']);
	});

	test('a materialized view the API roles can read is found', async () => {
		const findings = await findingsWith(`
			create materialized view public.lint_matview as select count(*) as n from public.members;
			grant select on public.lint_matview to anon;`);
		expect(summary(findings)).toEqual(['api_role_table_grant public.lint_matview', 'materialized_view_in_api public.lint_matview']);
		expect(findings.find((f) => f.lint === 'materialized_view_in_api')?.detail).toBe('materialized view is readable by anon');
	});

	test('a SECURITY DEFINER function anon and authenticated can execute is found until execute is revoked', async () => {
		const create = `create function public.lint_definer() returns int language sql security definer set search_path = '' as 'select 1';`;
		const open = await findingsWith(create);
		expect(summary(open)).toEqual(['security_definer_function_executable public.lint_definer()']);
		expect(open[0]?.detail).toBe('SECURITY DEFINER function is executable by anon, authenticated');
		const closed = await findingsWith(`${create} revoke all on function public.lint_definer() from public, anon, authenticated;`);
		expect(closed).toEqual([]);
	});

	test('a function without a fixed search_path, or with one that follows the calling role, is found', async () => {
		const findings = await findingsWith(`
			create function public.lint_unset(a int) returns int language sql as 'select a';
			create function public.lint_user_path() returns int language sql set search_path = "$user", public as 'select 1';
			create function public.lint_fixed() returns int language sql set search_path = pg_catalog, public as 'select 1';`);
		expect(findings.map((f) => [f.lint, f.object, f.detail])).toEqual([
			['function_search_path_mutable', 'public.lint_unset(a integer)', 'search_path is not set'],
			['function_search_path_mutable', 'public.lint_user_path()', 'search_path "$user", public depends on the calling role']
		]);
	});

	test('a table granted to anon by mistake is found even with row-level security on', async () => {
		const findings = await findingsWith('grant select on public.members to anon');
		expect(findings).toEqual([{ lint: 'api_role_table_grant', level: 'ERROR', object: 'public.members', detail: 'anon may SELECT' }]);
	});

	test('a foreign key without an index that starts with its columns is found; a partial index counts only on "key is not null"', async () => {
		const findings = await findingsWith(`
			create table public.lint_fk (
				id int primary key,
				bare uuid references public.members (id),
				second_only uuid references public.members (id),
				partial_other uuid references public.members (id),
				partial_set uuid references public.members (id),
				indexed uuid not null references public.members (id),
				flag boolean
			);
			alter table public.lint_fk enable row level security;
			create index lint_fk_second on public.lint_fk (flag, second_only);
			create index lint_fk_partial_other on public.lint_fk (partial_other) where flag;
			create index lint_fk_partial_set on public.lint_fk (partial_set) where partial_set is not null;
			create index lint_fk_indexed on public.lint_fk (indexed, flag);`);
		expect(findings.map((f) => [f.lint, f.level, f.object, f.detail])).toEqual([
			['unindexed_foreign_key', 'WARN', 'public.lint_fk', 'foreign key lint_fk_bare_fkey (bare) has no index that starts with its columns'],
			[
				'unindexed_foreign_key',
				'WARN',
				'public.lint_fk',
				'foreign key lint_fk_partial_other_fkey (partial_other) has no index that starts with its columns'
			],
			[
				'unindexed_foreign_key',
				'WARN',
				'public.lint_fk',
				'foreign key lint_fk_second_only_fkey (second_only) has no index that starts with its columns'
			]
		]);
	});

	test('a column-level grant to an API role or PUBLIC is found, though the table itself is closed', async () => {
		const findings = await findingsWith(`
			grant select (discord_user_id, username), update (username) on public.members to anon;
			grant select (id) on public.bookings to public;`);
		expect(findings.map((f) => [f.lint, f.object, f.detail])).toEqual([
			['api_role_column_grant', 'public.bookings', 'PUBLIC may SELECT (id)'],
			['api_role_column_grant', 'public.members', 'anon may SELECT (discord_user_id), SELECT (username), UPDATE (username)']
		]);
	});

	test('a sequence the API roles can use is found', async () => {
		const findings = await findingsWith(`
			create sequence public.lint_seq;
			grant usage on sequence public.lint_seq to authenticated;
			create sequence public.lint_seq_closed;`);
		expect(findings).toEqual([{ lint: 'api_role_sequence_grant', level: 'ERROR', object: 'public.lint_seq', detail: 'authenticated may USAGE' }]);
	});

	test('default privileges that hand new tables, sequences or functions to an API role or PUBLIC are found', async () => {
		const findings = await findingsWith(`
			alter default privileges in schema public grant select, insert on tables to anon;
			alter default privileges in schema public grant usage on sequences to authenticated;
			alter default privileges grant select on tables to public;`);
		expect(findings.map((f) => [f.lint, f.object, f.detail])).toEqual([
			['api_role_default_privilege', 'default privileges of postgres in every schema', 'new tables give PUBLIC SELECT'],
			['api_role_default_privilege', 'default privileges of postgres in schema public', 'new sequences give authenticated USAGE'],
			['api_role_default_privilege', 'default privileges of postgres in schema public', 'new tables give anon INSERT, SELECT']
		]);
	});

	test('a publication of whole rows, of every operation, of a schema or of all tables is found; inserts of listed columns pass', async () => {
		const findings = await findingsWith(`
			create publication lint_rows for table public.members;
			create publication lint_schema for tables in schema public with (publish = 'insert');
			create publication lint_all for all tables with (publish = 'insert');
			create publication lint_ok for table public.notifications (id) with (publish = 'insert');`);
		expect(findings.map((f) => [f.lint, f.object, f.detail])).toEqual([
			['publication_too_wide', 'lint_all', 'publishes every table (FOR ALL TABLES)'],
			['publication_too_wide', 'lint_rows', 'publishes updates, deletes, truncates as well as inserts'],
			['publication_too_wide', 'lint_schema', 'publishes every table in schema public'],
			['publication_too_wide', 'public.members', 'published by lint_rows with every column; list the columns its subscriber reads']
		]);
	});

	test('the hardening migration left no function in public executable by the API roles', async () => {
		const rows = await database.db.query<{ fn: string }>(`
			select p.oid::regprocedure::text as fn from pg_proc p
			where p.pronamespace = 'public'::regnamespace
				and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))`);
		expect(rows).toEqual([]);
	});

	test("a function added after the migrations gets no EXECUTE for anon from Supabase's default privileges (only through PUBLIC)", async () => {
		const rollback = new Error('rollback');
		let grants: unknown;
		await database.db
			.transaction(async (tx) => {
				await tx.exec(`create function public.lint_later() returns int language sql set search_path = '' as 'select 1';
					revoke execute on function public.lint_later() from public;`);
				grants = await tx.query(`select has_function_privilege('anon', 'public.lint_later()', 'EXECUTE') as anon,
					has_function_privilege('authenticated', 'public.lint_later()', 'EXECUTE') as authenticated,
					has_function_privilege('service_role', 'public.lint_later()', 'EXECUTE') as service_role`);
				throw rollback;
			})
			.catch((error: unknown) => {
				if (error !== rollback) throw error;
			});
		expect(grants).toEqual([{ anon: false, authenticated: false, service_role: true }]);
	});
});
