import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

/** Runs `fn` as a Supabase API role (as PostgREST does: `set local role` plus JWT claims), always rolled back. */
async function asRole<T>(
	database: TestDatabase,
	role: 'anon' | 'authenticated' | 'service_role',
	fn: (db: Queryable) => Promise<T>
): Promise<T | Error> {
	const rollback = new Error('rollback');
	let result: T | Error = rollback;
	await database.db
		.transaction(async (tx) => {
			await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
				JSON.stringify({ role, sub: '00000000-0000-0000-0000-000000000001' })
			]);
			await tx.query(`set local role ${role}`);
			result = await fn(tx).catch((error: unknown) => error as Error);
			throw rollback;
		})
		.catch((error: unknown) => {
			if (error !== rollback) throw error;
		});
	return result;
}

describe.each(databaseTargets())('row-level security on $name', (target) => {
	let database: TestDatabase;
	let tables: string[];

	beforeAll(async () => {
		database = await target.create();
		await migrate(database.db);
		await make.member(database.db, { discord_user_id: '100000000000000009', username: null });
		const rows = await database.db.query<{ name: string }>(
			`select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') order by 1`
		);
		tables = rows.map((row) => row.name);
	});
	afterAll(async () => {
		await database?.dispose();
	});

	test('every table in public has row-level security enabled', async () => {
		expect(tables.length).toBeGreaterThanOrEqual(14);
		const rows = await database.db.query<{ name: string }>(
			`select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity`
		);
		expect(
			rows.map((row) => row.name),
			'tables without RLS'
		).toEqual([]);
	});

	test.each(['anon', 'authenticated'] as const)('%s can read nothing from any table', async (role) => {
		for (const table of tables) {
			const outcome = await asRole(database, role, (db) => db.query(`select * from public.${table} limit 1`));
			expect(outcome, `${role} reading ${table}`).toBeInstanceOf(Error);
			expect((outcome as { code?: string }).code, `${role} reading ${table}`).toBe('42501');
		}
	});

	test.each(['anon', 'authenticated'] as const)('%s can write nothing', async (role) => {
		const outcome = await asRole(database, role, (db) => db.query(`insert into public.members (discord_user_id) values ('100000000000000010')`));
		expect((outcome as { code?: string }).code).toBe('42501');
	});

	test('even a table granted to anon by mistake shows it no rows, because no policy lets it', async () => {
		const seen = await database.db
			.transaction(async (tx) => {
				await tx.query('grant select on public.members to anon');
				await tx.query(`set local role anon`);
				const rows = await tx.query('select * from public.members');
				throw Object.assign(new Error('rollback'), { rows });
			})
			.catch((error: { rows?: unknown[] }) => error.rows);
		expect(seen).toEqual([]);
	});

	test('service_role, which the bot and the Edge Function act as, reads and writes', async () => {
		const outcome = await asRole(database, 'service_role', async (db) => {
			await db.query(`insert into public.members (discord_user_id) values ('100000000000000011')`);
			return db.query<{ n: number }>('select count(*)::int as n from public.members');
		});
		expect(outcome).toEqual([{ n: 2 }]);
	});

	test('helper functions are not callable by the API roles', async () => {
		const outcome = await asRole(database, 'anon', (db) => db.query('select public.set_updated_at()'));
		expect((outcome as { code?: string }).code).toBe('42501');
	});
});
