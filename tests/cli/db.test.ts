import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { loadMigrations } from '../../src/lib/data/migrations.ts';
import { openPglite } from '../../src/lib/data/pglite.ts';
import { runFpsos } from '../support/cli.ts';
import { createScratchDatabase } from '../support/databases.ts';
import { postgresUrl } from '../support/services.ts';

// Each test starts the real `fpsos` in a child process (Node + tsx): seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 90_000 });

const baseUrl = postgresUrl();

describe('fpsos db on the embedded database', () => {
	test('migrate builds the schema in the data folder, then status says it is up to date', async () => {
		const dataDir = await mkdtemp(join(tmpdir(), 'fpsos-data-'));
		const migrate = await runFpsos(['db', 'migrate'], { FPSOS_DATA_DIR: dataDir });
		expect(migrate.stderr).toBe('');
		expect(migrate.code).toBe(0);
		expect(migrate.stdout).toContain('Applied 20261124010000_baseline');
		const status = await runFpsos(['db', 'status'], { FPSOS_DATA_DIR: dataDir });
		expect(status.code).toBe(0);
		expect(status.stdout).toMatch(/applied\s+20261124010000_baseline/);
		expect(status.stdout).toContain('Up to date.');
	});

	test('a database that applied only some of the migrations the baseline squashed is refused with what to do, and left alone', async () => {
		const dataDir = await mkdtemp(join(tmpdir(), 'fpsos-data-'));
		// What the old history left after its first two migrations (tests/db/migration-baseline.test.ts builds the real
		// half schema from git; here only the history matters, and nothing else may change).
		const db = await openPglite(dataDir);
		await db.exec(`create schema supabase_migrations;
			create table supabase_migrations.schema_migrations (version text not null primary key, statements text[], name text);
			insert into supabase_migrations.schema_migrations (version, name) values
				('20261124000000', 'initial_schema'), ('20261124000100', 'member_chat_cooldown');`);
		await db.close();

		const migrate = await runFpsos(['db', 'migrate'], { FPSOS_DATA_DIR: dataDir });
		expect(migrate.code).toBe(1);
		expect(migrate.stdout).not.toContain('Applied');
		expect(migrate.stderr).toContain(
			'This database predates the migration baseline 20261124010000_baseline, which replaces every migration up to 20261124010000: ' +
				'it applied 2 of them (20261124000000_initial_schema to 20261124000100_member_chat_cooldown) but not 20261124010000. Nothing was changed.'
		);
		expect(migrate.stderr).toContain(
			'the parent of `git log -1 --format=%h --diff-filter=D -- supabase/migrations/20261124000000_initial_schema.sql`'
		);
		const status = await runFpsos(['db', 'status'], { FPSOS_DATA_DIR: dataDir });
		expect(status.code).toBe(1);
		expect(status.stderr).toContain('predates the migration baseline 20261124010000_baseline');

		const after = await openPglite(dataDir);
		try {
			const [stack] = await after.query<{ roles: boolean; tables: number }>(
				`select exists (select 1 from pg_roles where rolname = 'service_role') as roles,
					(select count(*)::int from pg_tables where schemaname = 'public') as tables`
			);
			expect(stack).toEqual({ roles: false, tables: 0 });
		} finally {
			await after.close();
		}
	});
});

describe.runIf(baseUrl)('fpsos db on PostgreSQL', () => {
	const cleanups: (() => Promise<void>)[] = [];
	afterAll(async () => {
		for (const cleanup of cleanups) await cleanup();
	});

	test('migrate builds the full schema on an empty database', async () => {
		const scratch = await createScratchDatabase(baseUrl!);
		cleanups.push(scratch.drop);
		const before = await runFpsos(['db', 'status'], { DATABASE_URL: scratch.url });
		expect(before.stdout).toContain('pending: run `npx fpsos db migrate`');
		const migrate = await runFpsos(['db', 'migrate'], { DATABASE_URL: scratch.url });
		expect(migrate.code).toBe(0);
		const count = (await loadMigrations()).length;
		expect(migrate.stdout).toContain(`Done: ${count} migration(s) applied to PostgreSQL at 127.0.0.1:5432.`);
		const again = await runFpsos(['db', 'migrate'], { DATABASE_URL: scratch.url });
		expect(again.stdout).toContain('Nothing to do');
	});

	test('doctor says in plain words what is wrong', async () => {
		const result = await runFpsos(['doctor'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', REDIS_URL: 'redis://127.0.0.1:1' });
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('PROBLEM  Discord token: DISCORD_TOKEN is not set');
		expect(result.stdout).toMatch(/PROBLEM {2}Database: PostgreSQL at 127\.0\.0\.1:1: cannot connect/);
		expect(result.stdout).toMatch(/PROBLEM {2}Redis: cannot connect to REDIS_URL/);
	});
});
