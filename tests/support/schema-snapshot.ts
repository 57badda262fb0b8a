import type { Queryable, Row } from '../../src/lib/data/db.ts';

/**
 * What a migrated database's schema is, read from the catalogue (PGlite and PostgreSQL alike), as sorted rows per
 * aspect, so two databases built by different migration histories can be compared with one `toEqual`: relations,
 * columns (in their order), constraints, indexes, triggers, policies, functions (pg_get_functiondef: signature,
 * attributes and body), privileges (as granted, not as stored: aclexplode, with NULL read as the default), default
 * privileges, publications, types, comments, the roles migrations create, and the seeded package catalogue.
 * Objects of the system schemas are left out; the Supabase stack's (auth) are in, since both sides get the same.
 */
const userSchemas = `n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'`;

/** The privileges of an ACL column as a sorted JSON array; `kind` is acldefault's object type (an SQL expression). */
const privileges = (acl: string, kind: string, owner: string) => `(
	select coalesce(jsonb_agg(jsonb_build_object(
		'grantee', case when x.grantee = 0 then 'PUBLIC' else pg_get_userbyid(x.grantee) end,
		'grantor', pg_get_userbyid(x.grantor), 'privilege', x.privilege_type, 'grantable', x.is_grantable)
		order by 1), '[]'::jsonb)
	from aclexplode(coalesce(${acl}, acldefault((${kind})::"char", ${owner}))) x
)`;

const aspects: Record<string, string> = {
	schemas: `select n.nspname as name, pg_get_userbyid(n.nspowner) as owner, ${privileges('n.nspacl', `'n'`, 'n.nspowner')} as privileges
		from pg_namespace n where ${userSchemas} order by 1`,
	relations: `select n.nspname as schema, c.relname as name, c.relkind as kind, pg_get_userbyid(c.relowner) as owner,
			c.relrowsecurity as rls, c.relforcerowsecurity as force_rls, c.relpersistence as persistence, c.relreplident as replica_identity,
			c.reloptions::text as options,
			case when c.relkind in ('r', 'v', 'm', 'p', 'f', 'S') then ${privileges('c.relacl', `case c.relkind when 'S' then 's' else 'r' end`, 'c.relowner')} end as privileges
		from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${userSchemas} order by 1, 2`,
	columns: `select n.nspname as schema, c.relname as relation,
			row_number() over (partition by c.oid order by a.attnum) as position, a.attname as name,
			format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default,
			a.attidentity as identity, a.attgenerated as generated, a.attcompression::text as compression, a.attstorage as storage,
			nullif(a.attstattarget, -1) as statistics,
			coalesce(co.collname, '') as collation,
			case when a.attacl is not null then ${privileges('a.attacl', `'c'`, 'c.relowner')} end as privileges
		from pg_attribute a
		join pg_class c on c.oid = a.attrelid
		join pg_namespace n on n.oid = c.relnamespace
		left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
		left join pg_collation co on co.oid = a.attcollation and a.attcollation <> 100
		where ${userSchemas} and a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'v', 'm', 'p', 'f')
		order by 1, 2, 3`,
	constraints: `select n.nspname as schema, coalesce(c.relname, '') as relation, k.conname as name, k.contype as type,
			pg_get_constraintdef(k.oid) as definition, k.condeferrable as deferrable, k.condeferred as deferred, k.convalidated as validated
		from pg_constraint k join pg_namespace n on n.oid = k.connamespace left join pg_class c on c.oid = k.conrelid
		where ${userSchemas} order by 1, 2, 3`,
	indexes: `select schemaname as schema, tablename as relation, indexname as name, indexdef as definition
		from pg_indexes n where ${userSchemas.replaceAll('n.nspname', 'n.schemaname')} order by 1, 2, 3`,
	triggers: `select n.nspname as schema, c.relname as relation, t.tgname as name, pg_get_triggerdef(t.oid) as definition, t.tgenabled as enabled
		from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
		where ${userSchemas} and not t.tgisinternal order by 1, 2, 3`,
	policies: `select schemaname as schema, tablename as relation, policyname as name, permissive, roles::text as roles, cmd,
			qual, with_check
		from pg_policies order by 1, 2, 3`,
	rules: `select schemaname as schema, tablename as relation, rulename as name, definition from pg_rules order by 1, 2, 3`,
	views: `select schemaname as schema, viewname as name, definition from pg_views n
		where ${userSchemas.replaceAll('n.nspname', 'n.schemaname')} order by 1, 2`,
	functions: `select p.oid::regprocedure::text as signature, pg_get_userbyid(p.proowner) as owner,
			pg_get_functiondef(p.oid) as definition, ${privileges('p.proacl', `'f'`, 'p.proowner')} as privileges
		from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where ${userSchemas} and p.prokind in ('f', 'p') order by 1`,
	types: `select n.nspname as schema, t.typname as name, t.typtype as type from pg_type t join pg_namespace n on n.oid = t.typnamespace
		where ${userSchemas} order by 1, 2`,
	sequences: `select schemaname as schema, sequencename as name, data_type::text as type, start_value, min_value, max_value,
			increment_by, cycle, cache_size
		from pg_sequences n where ${userSchemas.replaceAll('n.nspname', 'n.schemaname')} order by 1, 2`,
	defaultPrivileges: `select pg_get_userbyid(d.defaclrole) as role, coalesce(n.nspname, '') as schema, d.defaclobjtype as type,
			${privileges('d.defaclacl', `'r'`, 'd.defaclrole')} as privileges
		from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace order by 1, 2, 3`,
	publications: `select p.pubname as name, p.puballtables as all_tables, p.pubinsert as insert, p.pubupdate as update,
			p.pubdelete as delete, p.pubtruncate as truncate,
			(select coalesce(jsonb_agg(jsonb_build_object('schema', t.schemaname, 'table', t.tablename, 'columns', t.attnames)
				order by t.schemaname, t.tablename), '[]'::jsonb)
			from pg_publication_tables t where t.pubname = p.pubname) as tables
		from pg_publication p order by 1`,
	extensions: `select extname as name from pg_extension order by 1`,
	comments: `select pg_describe_object(d.classoid, d.objoid, d.objsubid) as object, d.description
		from pg_description d where d.objoid >= 16384 order by 1`,
	roles: `select r.rolname as name, r.rolcanlogin as login, r.rolinherit as inherit, r.rolbypassrls as bypass_rls,
			(select coalesce(array_agg(cfg order by cfg), '{}') from pg_db_role_setting s, unnest(s.setconfig) cfg
				where s.setrole = r.oid and s.setdatabase = 0) as settings
		from pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role', 'authenticator', 'fpsos_webhook') order by 1`,
	packages: `select code, name, description, price_aed, duration_minutes, calendly_url, calendly_event_type_uri, recommendable,
			active, sort_order
		from public.packages order by code`
};

export type SchemaSnapshot = Record<string, Row[]>;

export async function schemaSnapshot(db: Queryable): Promise<SchemaSnapshot> {
	const snapshot: SchemaSnapshot = {};
	for (const [aspect, sql] of Object.entries(aspects)) snapshot[aspect] = await db.query(sql);
	return snapshot;
}

/** A row as text (PGlite returns some int8 catalogue columns as bigint). */
const serialize = (row: Row): string => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

/** The aspects in which two snapshots differ, each with the rows only one side has (for a readable failure). */
export function snapshotDifferences(a: SchemaSnapshot, b: SchemaSnapshot): Record<string, { onlyFirst: Row[]; onlySecond: Row[] }> {
	const differences: Record<string, { onlyFirst: Row[]; onlySecond: Row[] }> = {};
	for (const aspect of Object.keys(aspects)) {
		const first = (a[aspect] ?? []).map(serialize);
		const second = (b[aspect] ?? []).map(serialize);
		if (first.join('\n') === second.join('\n')) continue;
		differences[aspect] = {
			onlyFirst: first.filter((row) => !second.includes(row)).map((row) => JSON.parse(row) as Row),
			onlySecond: second.filter((row) => !first.includes(row)).map((row) => JSON.parse(row) as Row)
		};
	}
	return differences;
}
