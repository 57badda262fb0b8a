import postgres from 'postgres';
import type { Db, PostgresOptions, Queryable, Row } from './db.ts';

const int8 = { to: 20, from: [20], serialize: (value: number | bigint) => value.toString(), parse: (value: string) => Number(value) };

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
		types: { int8 },
		...(options.connectTimeoutMs !== undefined ? { connect_timeout: options.connectTimeoutMs / 1000 } : {}),
		connection: { application_name: 'fpsos-bot', ...timeout }
	});
	const queryable = (runner: postgres.Sql | postgres.TransactionSql): Queryable => ({
		query: async <T extends Row>(text: string, params: readonly unknown[] = []) =>
			(await runner.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[],
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
