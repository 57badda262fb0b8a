import postgres from 'postgres';
import { POSTGRES_JS_TYPES, postgresJsQueryable, type SqlDatabase } from './database.ts';

export interface PostgresJsDb {
	readonly db: SqlDatabase;
	readonly sql: postgres.Sql;
}

/**
 * The Edge Function's database: a postgres.js pool parsing as every SqlDatabase does (./database.ts). Supabase's
 * transaction pooler does not support prepared statements, hence `prepare: false`.
 */
export function openPostgresJsDb(databaseUrl: string, options: Omit<postgres.Options<Record<string, never>>, 'types'> = {}): PostgresJsDb {
	const sql = postgres(databaseUrl, { prepare: false, onnotice: () => undefined, ...options, types: POSTGRES_JS_TYPES });
	return { db: postgresJsQueryable(sql), sql };
}

/**
 * Whether a database host is on this machine or its container network: loopback, `localhost`, or a single-label name
 * (Docker's service names, e.g. the local Supabase stack's `supabase_db_<project>`).
 */
export function isLocalDatabaseHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host) || host === 'host.docker.internal') return true;
	return !host.includes('.') && !host.includes(':');
}

/**
 * The `ssl` option for postgres.js: TLS is required for any other host (Supabase's database and poolers accept it;
 * a URL cannot turn it off), none on a local one. A stricter `sslmode` in the URL (require, verify-ca, verify-full)
 * is left to postgres.js.
 */
export function tlsFor(databaseUrl: string): 'require' | false | undefined {
	const url = new URL(databaseUrl);
	if (isLocalDatabaseHost(url.hostname)) return url.searchParams.has('sslmode') ? undefined : false;
	const mode = url.searchParams.get('sslmode');
	return mode && !['disable', 'allow', 'prefer'].includes(mode) ? undefined : 'require';
}
