import postgres from 'postgres';
import { POSTGRES_JS_TYPES, postgresJsQueryable } from '../integrations/calendly/core.ts';
import type { Db, PostgresOptions, Queryable } from './db.ts';

/**
 * A postgres.js pool. Supabase's transaction pooler (port 6543) does not support prepared statements, nor settings
 * sent when connecting: there the statement timeout is the role's (Supabase sets one per role).
 */
export function openPostgres(databaseUrl: string, options: PostgresOptions = {}): Db {
	const pooled = new URL(databaseUrl).port === '6543';
	const timeout = options.statementTimeoutMs !== undefined && !pooled ? { statement_timeout: Math.round(options.statementTimeoutMs) } : {};
	const sql = postgres(databaseUrl, {
		max: options.max ?? 10,
		prepare: !pooled,
		onnotice: () => undefined,
		types: POSTGRES_JS_TYPES,
		...(options.connectTimeoutMs !== undefined ? { connect_timeout: options.connectTimeoutMs / 1000 } : {}),
		connection: { application_name: 'fpsos-bot', ...timeout }
	});
	const queryable = (runner: postgres.Sql | postgres.TransactionSql): Queryable => ({
		...postgresJsQueryable(runner),
		exec: async (script: string) => {
			await runner.unsafe(script).simple();
		}
	});
	return {
		kind: 'postgres',
		...queryable(sql),
		transaction: async <T>(fn: (tx: Queryable) => Promise<T>) => (await sql.begin((tx) => fn(queryable(tx)))) as T,
		listen: async (channel, onPayload) => {
			const subscription = await sql.listen(channel, onPayload);
			return () => subscription.unlisten();
		},
		close: () => sql.end({ timeout: 5 })
	};
}
