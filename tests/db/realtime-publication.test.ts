import { describe, expect, test } from 'vitest';
import { migrate } from '../../src/lib/data/migrations.ts';
import { lintSchema } from '../../src/lib/data/schema-lint.ts';
import { databaseTargets } from '../support/databases.ts';

describe.each(databaseTargets())('Realtime publication on $name', (target) => {
	test("on a database with Supabase's supabase_realtime publication, only the id of each new notification is published", async () => {
		const database = await target.create();
		try {
			// As a Supabase project has it: every operation, no table yet.
			await database.db.exec('create publication supabase_realtime');
			await migrate(database.db);
			const tables = await database.db.query<{ tablename: string; attnames: string[] }>(
				`select tablename, attnames from pg_publication_tables where pubname = 'supabase_realtime'`
			);
			expect(tables).toEqual([{ tablename: 'notifications', attnames: ['id'] }]);
			const [publication] = await database.db.query(
				`select pubinsert, pubupdate, pubdelete, pubtruncate from pg_publication where pubname = 'supabase_realtime'`
			);
			expect(publication).toEqual({ pubinsert: true, pubupdate: false, pubdelete: false, pubtruncate: false });
			expect((await lintSchema(database.db)).filter((finding) => finding.lint === 'publication_too_wide')).toEqual([]);
		} finally {
			await database.dispose();
		}
	}, 120_000);
});
