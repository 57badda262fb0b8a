import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { openPglite } from '../../src/lib/data/pglite.ts';
import { runFpsos } from '../support/cli.ts';

// Each test starts the real `fpsos` in a child process (Node + tsx): seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 90_000 });

describe('fpsos db lint', () => {
	const dirs: string[] = [];
	afterAll(async () => {
		for (const dir of dirs) await rm(dir, { recursive: true, force: true });
	});

	test('passes on the migrated schema, then fails and names the object once a table without RLS appears', async () => {
		const dataDir = await mkdtemp(join(tmpdir(), 'fpsos-lint-'));
		dirs.push(dataDir);
		expect((await runFpsos(['db', 'migrate'], { FPSOS_DATA_DIR: dataDir })).code).toBe(0);
		const clean = await runFpsos(['db', 'lint'], { FPSOS_DATA_DIR: dataDir });
		expect(clean.stdout).toMatch(/^No findings: the embedded database in .* keeps all \d+ schema rules\.$/m);
		expect(clean.code).toBe(0);

		const db = await openPglite(dataDir);
		await db.exec('create table public.lint_open (id int)');
		await db.close();
		const dirty = await runFpsos(['db', 'lint', '--json'], { FPSOS_DATA_DIR: dataDir });
		expect(dirty.code).toBe(1);
		const report = JSON.parse(dirty.stdout) as { findings: { lint: string; object: string }[]; pendingMigrations: number };
		expect(report.pendingMigrations).toBe(0);
		expect(report.findings).toContainEqual(expect.objectContaining({ lint: 'rls_disabled', object: 'public.lint_open' }));
	}, 120_000);
});
