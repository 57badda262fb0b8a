import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate, migrationStatus } from '../../src/lib/data/migrations.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';

describe.each(databaseTargets())('migrations on $name', (target) => {
	let database: TestDatabase;

	beforeAll(async () => {
		database = await target.create();
	});
	afterAll(async () => {
		await database?.dispose();
	});

	test('an empty database gets the Supabase stack and every migration, recorded where the Supabase CLI looks', async () => {
		const first = await migrate(database.db);
		expect(first.bootstrapped).toBe(true);
		expect(first.applied.length).toBeGreaterThan(0);
		const recorded = await database.db.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version');
		expect(recorded.map((row) => row.version)).toEqual(first.applied.map((migration) => migration.version));
		expect((await migrationStatus(database.db)).every((state) => state.applied)).toBe(true);
	});

	test('running again applies nothing', async () => {
		const again = await migrate(database.db);
		expect(again).toEqual({ applied: [], bootstrapped: false });
	});

	test('the packages are seeded with their AED prices', async () => {
		const rows = await database.db.query<{ code: string; price_aed: string }>('select code, price_aed from public.packages order by sort_order');
		expect(rows).toEqual([
			{ code: 'quick', price_aed: '199.00' },
			{ code: 'full', price_aed: '399.00' },
			{ code: 'extreme', price_aed: '699.00' },
			{ code: 'reoptimize', price_aed: '99.00' }
		]);
	});

	test('the hot paths are indexed', async () => {
		const rows = await database.db.query<{ indexname: string }>(`select indexname from pg_indexes where schemaname = 'public'`);
		const names = rows.map((row) => row.indexname);
		for (const index of [
			'notifications_due_idx',
			'bookings_member_starts_idx',
			'bookings_starts_at_idx',
			'bookings_created_at_idx',
			'diagnostics_created_at_idx',
			'members_created_at_idx'
		]) {
			expect(names).toContain(index);
		}
	});
});
