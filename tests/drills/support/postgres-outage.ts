import postgres from 'postgres';

/**
 * A real PostgreSQL outage for one database, as the bot sees it: the server refuses new connections to it
 * (`allow_connections false`, FATAL 55000) and every open connection of the bot (application_name `fpsos-bot`) is
 * terminated (57P01), in flight or idle. Run from the server's maintenance database (the base DATABASE_URL).
 */
export interface PostgresOutage {
	/** Takes the database down. */
	begin(): Promise<void>;
	/** Lets connections in again. Safe to call twice. */
	end(): Promise<void>;
	/** Bot backends currently waiting on a lock (a statement in flight that a test holds up). */
	blockedBotStatements(like: string): Promise<number>;
	close(): Promise<void>;
}

export function postgresOutage(baseUrl: string, database: string): PostgresOutage {
	if (!/^\w+$/.test(database)) throw new Error(`unexpected database name ${database}`);
	const admin = postgres(baseUrl, { max: 1, onnotice: () => undefined, connection: { application_name: 'fpsos-drill' } });
	return {
		begin: async () => {
			await admin.unsafe(`alter database ${database} allow_connections false`);
			await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'fpsos-bot'`, [
				database
			]);
		},
		end: async () => {
			await admin.unsafe(`alter database ${database} allow_connections true`);
		},
		blockedBotStatements: async (like) => {
			const [row] = await admin.unsafe<{ n: number }[]>(
				`select count(*)::int as n from pg_stat_activity
				 where datname = $1 and application_name = 'fpsos-bot' and wait_event_type = 'Lock' and query like $2`,
				[database, like]
			);
			return row?.n ?? 0;
		},
		close: () => admin.end({ timeout: 5 })
	};
}
