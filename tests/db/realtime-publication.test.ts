import { describe, expect, test } from 'vitest';
import { migrate } from '../../src/lib/data/migrations.ts';
import { databaseTargets } from '../support/databases.ts';

describe.each(databaseTargets())('Realtime publication on $name', (target) => {
	test('on a database with Supabase\'s supabase_realtime publication, notifications are published for wake-ups', async () => {
		const database = await target.create();
		try {
			await database.db.exec('create publication supabase_realtime');
			await migrate(database.db);
			const rows = await database.db.query<{ tablename: string }>(`select tablename from pg_publication_tables where pubname = 'supabase_realtime'`);
			expect(rows.map((row) => row.tablename)).toEqual(['notifications']);
		} finally {
			await database.dispose();
		}
	});
});
