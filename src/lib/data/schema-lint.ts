import type { Queryable } from './db.ts';

/**
 * A security lint over the migrated schema, in the spirit of Supabase's splinter (database linter): the rules our
 * migrations must keep, checked against the catalogue of a real database rather than the SQL text. Run by
 * `fpsos db lint` and by tests/db/schema-lint.test.ts in CI on PGlite and PostgreSQL.
 */

export type LintLevel = 'ERROR' | 'WARN';

export interface LintFinding {
	lint: string;
	level: LintLevel;
	/** schema.name (with the argument list for functions). */
	object: string;
	detail: string;
}

interface Lint {
	name: string;
	level: LintLevel;
	description: string;
	/** Returns one row per offending object: `object` and `detail`. */
	sql: string;
}

/** Schemas that Supabase or PostgreSQL manage; everything else is ours and is linted. */
const managedSchemas = [
	'auth',
	'storage',
	'realtime',
	'_realtime',
	'extensions',
	'graphql',
	'graphql_public',
	'vault',
	'pgsodium',
	'pgsodium_masks',
	'net',
	'cron',
	'pgbouncer',
	'supabase_functions',
	'supabase_migrations',
	'information_schema',
	'pgtle',
	'repack'
];
const ours = (alias: string) => `${alias}.nspname not in (${managedSchemas.map((s) => `'${s}'`).join(', ')}) and ${alias}.nspname !~ '^pg_'`;
/** The Supabase API roles present in this database (a database without them has no API to lint against). */
const apiRoles = `(select oid, rolname from pg_catalog.pg_roles where rolname in ('anon', 'authenticated'))`;
const notFromExtension = (alias: string) => `not exists (select 1 from pg_catalog.pg_depend d where d.objid = ${alias}.oid and d.deptype = 'e')`;
/** An aclexplode() grantee that is one of the API roles or PUBLIC (oid 0, which every role inherits). */
const apiGrantee = (column: string) => `(${column} = 0 or ${column} in (select oid from ${apiRoles} api))`;
const grantee = (column: string) => `case when ${column} = 0 then 'PUBLIC' else ${column}::regrole::text end`;
const objectKinds = (column: string) =>
	`case ${column} when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' else ${column}::text end`;

export const schemaLints: readonly Lint[] = [
	{
		name: 'rls_disabled',
		level: 'ERROR',
		description: 'Every table has row-level security enabled (splinter 0013 rls_disabled_in_public).',
		sql: `select format('%I.%I', n.nspname, c.relname) as object, 'row-level security is not enabled' as detail
			from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
			where c.relkind in ('r', 'p') and not c.relrowsecurity and ${ours('n')} and ${notFromExtension('c')}`
	},
	{
		name: 'policy_exists_rls_disabled',
		level: 'ERROR',
		description: 'A table with policies has row-level security enabled, or the policies do nothing (splinter 0007).',
		sql: `select format('%I.%I', n.nspname, c.relname) as object,
				format('policies %s exist but row-level security is not enabled', string_agg(p.polname, ', ' order by p.polname)) as detail
			from pg_catalog.pg_policy p join pg_catalog.pg_class c on c.oid = p.polrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
			where not c.relrowsecurity and ${ours('n')}
			group by n.nspname, c.relname`
	},
	{
		name: 'security_definer_view',
		level: 'ERROR',
		description: "Every view runs with the caller's rights (security_invoker), so it cannot bypass row-level security (splinter 0010).",
		sql: `select format('%I.%I', n.nspname, c.relname) as object, 'view is not security_invoker: it reads with its owner''s rights and bypasses row-level security' as detail
			from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
			where c.relkind = 'v' and ${ours('n')} and ${notFromExtension('c')}
				and not (lower(coalesce(c.reloptions::text, '{}'))::text[] && array['security_invoker=1', 'security_invoker=true', 'security_invoker=yes', 'security_invoker=on'])`
	},
	{
		name: 'materialized_view_in_api',
		level: 'ERROR',
		description: 'No materialized view (which has no row-level security) is readable by anon or authenticated (splinter 0016).',
		sql: `select format('%I.%I', n.nspname, c.relname) as object, format('materialized view is readable by %s', string_agg(r.rolname, ', ' order by r.rolname)) as detail
			from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace cross join ${apiRoles} r
			where c.relkind = 'm' and ${ours('n')} and pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT')
			group by n.nspname, c.relname`
	},
	{
		name: 'security_definer_function_executable',
		level: 'ERROR',
		description: 'No SECURITY DEFINER function is executable by anon or authenticated (splinter 0028 / 0029).',
		sql: `select format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) as object,
				format('SECURITY DEFINER function is executable by %s', string_agg(r.rolname, ', ' order by r.rolname)) as detail
			from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace cross join ${apiRoles} r
			where p.prosecdef and ${ours('n')} and ${notFromExtension('p')} and pg_catalog.has_function_privilege(r.oid, p.oid, 'EXECUTE')
			group by n.nspname, p.proname, p.oid`
	},
	{
		name: 'function_search_path_mutable',
		level: 'ERROR',
		description: "Every function fixes its search_path (preferably to ''), so a caller's search_path cannot redirect it (splinter 0011).",
		sql: `select format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) as object,
				case when cfg.value is null then 'search_path is not set' else format('search_path %s depends on the calling role', cfg.value) end as detail
			from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
				left join lateral (select substr(c, length('search_path=') + 1) as value from unnest(p.proconfig) as c where c like 'search_path=%') cfg on true
			where p.prokind in ('f', 'p') and ${ours('n')} and ${notFromExtension('p')}
				and (cfg.value is null or cfg.value like '%$user%')`
	},
	{
		name: 'api_role_table_grant',
		level: 'ERROR',
		description: 'anon and authenticated hold no privilege on any table (ours reach data through the bot and service_role only).',
		sql: `select format('%I.%I', n.nspname, c.relname) as object, format('%s may %s', r.rolname, string_agg(priv, ', ' order by priv)) as detail
			from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace cross join ${apiRoles} r
				cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as priv
			where c.relkind in ('r', 'p', 'v', 'm', 'f') and ${ours('n')} and pg_catalog.has_table_privilege(r.oid, c.oid, priv)
			group by n.nspname, c.relname, r.rolname`
	},
	{
		name: 'api_role_column_grant',
		level: 'ERROR',
		description:
			'anon, authenticated and PUBLIC hold no column-level privilege either (a column grant reads through RLS-free views and the API).',
		sql: `select format('%I.%I', n.nspname, c.relname) as object,
				format('%s may %s', ${grantee('acl.grantee')}, string_agg(format('%s (%s)', acl.privilege_type, a.attname), ', ' order by acl.privilege_type, a.attnum)) as detail
			from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
				cross join lateral pg_catalog.aclexplode(a.attacl) acl
			where a.attacl is not null and a.attnum > 0 and not a.attisdropped and ${ours('n')} and ${apiGrantee('acl.grantee')}
			group by n.nspname, c.relname, acl.grantee`
	},
	{
		name: 'api_role_sequence_grant',
		level: 'ERROR',
		description: 'anon and authenticated may not use, read or advance any sequence (nextval() leaks row counts and burns ids).',
		sql: `select format('%I.%I', n.nspname, c.relname) as object, format('%s may %s', r.rolname, string_agg(priv, ', ' order by priv)) as detail
			from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace cross join ${apiRoles} r
				cross join unnest(array['USAGE', 'SELECT', 'UPDATE']) as priv
			where c.relkind = 'S' and ${ours('n')} and pg_catalog.has_sequence_privilege(r.oid, c.oid, priv)
			group by n.nspname, c.relname, r.rolname`
	},
	{
		name: 'api_role_default_privilege',
		level: 'ERROR',
		description:
			'Default privileges give anon, authenticated and PUBLIC nothing on the tables, sequences and functions created later, ' +
			"so a new object is closed until its migration grants it on purpose (Supabase's defaults grant them everything).",
		sql: `select format('default privileges of %I in %s', d.defaclrole::regrole, case when d.defaclnamespace = 0 then 'every schema' else format('schema %I', dn.nspname) end) as object,
				format('new %s give %s %s', ${objectKinds('d.defaclobjtype')}, ${grantee('acl.grantee')}, string_agg(acl.privilege_type, ', ' order by acl.privilege_type)) as detail
			from pg_catalog.pg_default_acl d left join pg_catalog.pg_namespace dn on dn.oid = d.defaclnamespace
				cross join lateral pg_catalog.aclexplode(d.defaclacl) acl
			where d.defaclobjtype in ('r', 'S', 'f') and (d.defaclnamespace = 0 or ${ours('dn')}) and ${apiGrantee('acl.grantee')}
				and pg_catalog.pg_has_role(current_user, d.defaclrole, 'USAGE')
			group by d.defaclrole, d.defaclnamespace, dn.nspname, d.defaclobjtype, acl.grantee`
	},
	{
		name: 'unindexed_foreign_key',
		level: 'WARN',
		description:
			'Every foreign key has an index that starts with its columns (splinter 0001), so joins, the member lookups and ' +
			'the ON DELETE / ON UPDATE checks of the referenced row do not scan the table. A partial index counts only when ' +
			'its condition is that the (single) key column is not null, which every lookup by key implies.',
		sql: `select format('%I.%I', n.nspname, c.relname) as object,
				format('foreign key %I (%s) has no index that starts with its columns', con.conname, keys.names) as detail
			from pg_catalog.pg_constraint con join pg_catalog.pg_class c on c.oid = con.conrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
				cross join lateral (
					select string_agg(quote_ident(a.attname), ', ' order by k.ord) as names, array_agg(k.attnum order by k.attnum) as sorted,
						min(format('(%s IS NOT NULL)', quote_ident(a.attname))) as not_null
					from unnest(con.conkey) with ordinality as k(attnum, ord)
						join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
				) keys
			where con.contype = 'f' and ${ours('n')} and ${notFromExtension('c')}
				and not exists (
					select 1 from pg_catalog.pg_index i
					where i.indrelid = con.conrelid and i.indisvalid
						and (select array_agg(x order by x) from unnest((i.indkey::int2[])[0:cardinality(con.conkey) - 1]) as x) = keys.sorted
						and (i.indpred is null or (cardinality(con.conkey) = 1 and pg_catalog.pg_get_expr(i.indpred, i.indrelid) = keys.not_null))
				)`
	},
	{
		name: 'publication_too_wide',
		level: 'ERROR',
		description:
			"A publication that carries our tables (Supabase Realtime's supabase_realtime) names its tables one by one, " +
			'with a column list, and publishes inserts only: the bot reads the id of each new notification, nothing else.',
		sql: `select format('%I', p.pubname) as object, 'publishes every table (FOR ALL TABLES)' as detail
			from pg_catalog.pg_publication p where p.puballtables
			union all
			select format('%I', p.pubname) as object, format('publishes every table in schema %I', n.nspname) as detail
			from pg_catalog.pg_publication_namespace pn join pg_catalog.pg_publication p on p.oid = pn.pnpubid
				join pg_catalog.pg_namespace n on n.oid = pn.pnnspid
			where ${ours('n')}
			union all
			select format('%I.%I', n.nspname, c.relname) as object, format('published by %I with every column; list the columns its subscriber reads', p.pubname) as detail
			from pg_catalog.pg_publication_rel pr join pg_catalog.pg_publication p on p.oid = pr.prpubid
				join pg_catalog.pg_class c on c.oid = pr.prrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
			where pr.prattrs is null and ${ours('n')}
			union all
			select format('%I', p.pubname) as object,
				format('publishes %s as well as inserts', array_to_string(array_remove(array[
					case when p.pubupdate then 'updates' end, case when p.pubdelete then 'deletes' end, case when p.pubtruncate then 'truncates' end
				], null), ', ')) as detail
			from pg_catalog.pg_publication p
			where (p.pubupdate or p.pubdelete or p.pubtruncate)
				and (p.puballtables or exists (
					select 1 from pg_catalog.pg_publication_tables pt where pt.pubname = p.pubname and pt.schemaname not in (${managedSchemas.map((s) => `'${s}'`).join(', ')})
				))`
	}
];

/** Runs every lint; an empty list means the schema keeps all the rules. */
export async function lintSchema(db: Queryable): Promise<LintFinding[]> {
	const findings: LintFinding[] = [];
	for (const lint of schemaLints) {
		const rows = await db.query<{ object: string; detail: string }>(`${lint.sql} order by 1, 2`);
		for (const row of rows) findings.push({ lint: lint.name, level: lint.level, object: row.object, detail: row.detail });
	}
	return findings;
}
