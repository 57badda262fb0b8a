import assert from 'node:assert/strict';
import { databaseContractExpected, runDatabaseContract } from '../_shared/fixtures/database-contract.ts';
import { openPostgresJsDb } from '../_shared/postgres-db.ts';
import { databaseUrl } from '../_shared/testing/database.ts';

// The Edge Function's database under Deno parses as the bot's does under Node (tests/functions/database-contract.test.ts):
// one interface, one parsing (../_shared/database.ts).
const baseUrl = databaseUrl();

Deno.test({
	name: "the Edge Function's database parses int8, numeric, timestamptz, json and jsonb as every SqlDatabase does",
	ignore: !baseUrl,
	fn: async () => {
		const { db, sql } = openPostgresJsDb(baseUrl!, { max: 1 });
		try {
			assert.deepEqual(await runDatabaseContract(db), databaseContractExpected);
		} finally {
			await sql.end();
		}
	}
});
