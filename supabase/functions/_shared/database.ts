import type postgres from 'postgres';

/**
 * The one database interface of the Calendly core, the Edge Function and the bot: one parameterised statement at a
 * time. The bot's Queryable (src/lib/data/db.ts) extends it; its adapters are postgres.js (the Edge Function and the
 * bot alike, through `postgresJsQueryable` and `POSTGRES_JS_TYPES` below) and PGlite (the bot's embedded database).
 * Every adapter returns the same JavaScript values (checked on each, under Node and Deno, by
 * fixtures/database-contract.ts): int8 as number, numeric as string, timestamptz as Date, json and jsonb parsed.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlDatabase {
	/** Runs one parameterised statement and returns its rows. */
	query<T extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/**
 * postgres.js's `types` option for every pool: int8 as a number, as PGlite returns it (postgres.js's default is a
 * string). The project's int8 values are ids and counts, far below 2^53.
 */
export const POSTGRES_JS_TYPES = {
	int8: { to: 20, from: [20], serialize: (value: number | bigint) => value.toString(), parse: (value: string) => Number(value) }
};

/** A postgres.js pool or transaction (opened with POSTGRES_JS_TYPES) as a SqlDatabase. */
export function postgresJsQueryable(runner: postgres.Sql | postgres.TransactionSql): SqlDatabase {
	return {
		query: async <T extends SqlRow = SqlRow>(text: string, params: readonly unknown[] = []) =>
			(await runner.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[]
	};
}
