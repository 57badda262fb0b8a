import type postgres from 'postgres';
import type { CalendlyDb, SqlRow } from './calendly/store.ts';

/** Wraps a postgres.js client (the Edge Function's `postgres(SUPABASE_DB_URL, { prepare: false })`) as a CalendlyDb. */
export function postgresJsDb(sql: postgres.Sql): CalendlyDb {
	return {
		query: async <T extends SqlRow = SqlRow>(text: string, params: readonly unknown[] = []) =>
			(await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[]
	};
}
