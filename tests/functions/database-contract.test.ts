import { describe, expect, test } from 'vitest';
import { openPostgresJsDb } from '../../supabase/functions/_shared/postgres-db.ts';
import { databaseContractExpected, runDatabaseContract } from '../../supabase/functions/_shared/fixtures/database-contract.ts';
import { openDb, type Db } from '../../src/lib/data/db.ts';
import { postgresUrl } from '../support/services.ts';

/**
 * One database interface (supabase/functions/_shared/database.ts), one parsing: the bot's two drivers, inside a
 * transaction too, and the Edge Function's postgres.js adapter (here under Node; under Deno in
 * supabase/functions/calendly-webhook/database.test.ts) return the same values for int8, numeric, timestamptz, json
 * and jsonb.
 */
const url = postgresUrl();

describe('every SqlDatabase adapter parses alike', () => {
	const bot = (name: string, open: () => Promise<Db>) =>
		test(`the bot's ${name}, and a transaction on it`, async () => {
			const db = await open();
			try {
				expect(await runDatabaseContract(db)).toEqual(databaseContractExpected);
				expect(await db.transaction((tx) => runDatabaseContract(tx))).toEqual(databaseContractExpected);
			} finally {
				await db.close();
			}
		});

	bot('PGlite', () => openDb({ dataDir: 'memory://' }));

	describe.skipIf(!url)('on PostgreSQL', () => {
		bot('postgres.js', () => openDb({ databaseUrl: url, dataDir: 'memory://' }));

		test("the Edge Function's postgres.js adapter (prepare: false, as on Supabase's pooler)", async () => {
			const { db, sql } = openPostgresJsDb(url!, { max: 1 });
			try {
				expect(await runDatabaseContract(db)).toEqual(databaseContractExpected);
			} finally {
				await sql.end();
			}
		});
	});
});
