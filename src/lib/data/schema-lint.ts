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
	'auth', 'storage', 'realtime', '_realtime', 'extensions', 'graphql', 'graphql_public', 'vault', 'pgsodium', 'pgsodium_masks',
	'net', 'cron', 'pgbouncer', 'supabase_functions', 'supabase_migrations', 'information_schema', 'pgtle', 'repack'
];
const ours = (alias: string) => `${alias}.nspname not in (${managedSchemas.map((s) => `'${s}'`).join(', ')}) and ${alias}.nspname !~ '^pg_'`;
/** The Supabase API roles present in this database (a database without them has no API to lint against). */
const apiRoles = `(select oid, rolname from pg_catalog.pg_roles where rolname in ('anon', 'authenticated'))`;
const notFromExtension = (alias: string) => `not exists (select 1 from pg_catalog.pg_depend d where d.objid = ${alias}.oid and d.deptype = 'e')`;

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
	}
];

/** Runs every lint; an empty list means the schema keeps all the rules. */
export async function lintSchema(db: Queryable): Promise<LintFinding[]> {
	const findings: LintFinding[] = [];
	for (const lint of schemaLints) {
		const rows = await db.query<{ object: string; detail: string }>(`${lint.sql} order by 1`);
		for (const row of rows) findings.push({ lint: lint.name, level: lint.level, object: row.object, detail: row.detail });
	}
	return findings;
}
