import type { SqlDatabase, SqlRow } from '../integrations/calendly/core.ts';

/**
 * The one database interface the bot, the CLI and the tests use: the Calendly core's SqlDatabase (shared with the Edge
 * Function) and what only the bot needs. Two drivers implement it: postgres.js against a real PostgreSQL (Supabase in
 * production) and PGlite for the embedded default. Every query is parameterised; both drivers, and the Edge
 * Function's, return the same JavaScript types (int8 as number, numeric as string, timestamptz as Date, jsonb
 * parsed; supabase/functions/_shared/fixtures/database-contract.ts, tested in tests/functions/database-contract.test.ts).
 */
export type Row = SqlRow;

export interface Queryable extends SqlDatabase {
	/** Runs several statements without parameters (migrations, bootstrap scripts). */
	exec(script: string): Promise<void>;
}

export interface Db extends Queryable {
	readonly kind: 'postgres' | 'pglite';
	/** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	/** Subscribes to NOTIFY on a channel; resolves to an unsubscribe function. */
	listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

export interface DbOptions {
	/** A postgres:// URL; when absent the embedded PGlite database is used. */
	databaseUrl?: string | undefined;
	/** Where PGlite keeps its files; `memory://` keeps nothing on disk. */
	dataDir: string;
	/** PostgreSQL only (the embedded database runs in-process): see `PostgresOptions`. */
	postgres?: PostgresOptions;
}

export interface PostgresOptions {
	/** Connections in the pool (default 10). */
	max?: number;
	/** How long opening a connection may take before the query fails (default: postgres.js's 30 s). */
	connectTimeoutMs?: number;
	/** The server cancels a statement running (or waiting for a lock) longer than this (default: none). */
	statementTimeoutMs?: number;
}

/** One round trip to the database (health checks, `/ping`): resolves when it answers, rejects when it cannot. */
export async function pingDatabase(db: Queryable): Promise<void> {
	await db.query('select 1');
}

/** Opens the configured database. Imports each driver lazily so the unused one is never loaded. */
export async function openDb(options: DbOptions): Promise<Db> {
	if (options.databaseUrl) {
		const { openPostgres } = await import('./postgres.ts');
		return openPostgres(options.databaseUrl, options.postgres);
	}
	const { openPglite } = await import('./pglite.ts');
	return openPglite(options.dataDir);
}
