import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runNotificationsList, runNotificationsRetry } from '../../src/cli/notifications.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { openPglite } from '../../src/lib/data/pglite.ts';
import { markFailedAndAlert } from '../../src/lib/outbox/failure-alert.ts';
import { memoryIo } from '../support/cli.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

/** The CLI opens its own connection: PostgreSQL when available, else an embedded database in a folder on disk. */
const postgres = databaseTargets().find((target) => target.name === 'postgres');

// On PGlite each test opens, migrates and closes the embedded database in a folder several times (about 17 s of a
// busy two-core machine for the first): it gets a minute there.
describe(`fpsos notifications on ${postgres ? 'postgres' : 'pglite'}`, { timeout: postgres ? 20_000 : 60_000 }, () => {
	const shared = postgres ? useMigratedDatabase(postgres) : undefined;
	let dataDir = '';
	const env = (): Record<string, string | undefined> => (shared ? { DATABASE_URL: shared.url } : { FPSOS_DATA_DIR: dataDir });
	/** Runs SQL on the database the CLI will open (PGlite allows one opener at a time, so it is closed after). */
	async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
		if (shared) return fn(shared.db);
		dataDir ||= await mkdtemp(join(tmpdir(), 'fpsos-cli-'));
		const db = await openPglite(dataDir);
		try {
			await migrate(db);
			return await fn(db);
		} finally {
			await db.close();
		}
	}

	test('list shows failed and stuck notifications with their last error; retry queues a failed one again', async () => {
		const failed = await withDatabase(async (db) => {
			const row = await make.notification(db, {
				dedupe_key: 'a',
				due_at: make.ago('1 hour'),
				status: 'failed',
				attempts: 8,
				last_error: 'Discord 503'
			});
			await make.notification(db, { dedupe_key: 'b', due_at: make.ago('1 hour') });
			await make.notification(db, { dedupe_key: 'c', due_at: make.fromNow('1 hour') });
			return row;
		});
		const listed = memoryIo();
		expect(await runNotificationsList(env(), listed.io)).toBe(0);
		expect(listed.out).toHaveLength(3);
		expect(listed.out.join('\n')).toMatch(/failed\s+staff_alert .*attempts 8 {2}last error: Discord 503/);
		expect(listed.out.join('\n')).toMatch(/STUCK\s+staff_alert/);
		expect(listed.out.at(-1)).toBe(
			'Fix the cause (the staff alert and the last error say what it was), then `npx fpsos notifications retry <id>`, or `--failed` for every failed one.'
		);

		const retried = memoryIo();
		expect(await runNotificationsRetry(env(), retried.io, { id: failed.id })).toBe(0);
		expect(retried.out).toEqual(['1 notification(s) queued again; a running bot sends them now.']);
		const [row] = await withDatabase((db) =>
			db.query<{ status: string; last_error: string | null }>('select status, last_error from public.notifications where id = $1', [failed.id])
		);
		expect(row).toEqual({ status: 'pending', last_error: null });
	});

	test('a notification that failed for good is listed as covered by the staff alert it raised', async () => {
		const failed = await withDatabase(async (db) => {
			const row = await make.notification(db, { kind: 'ticket_nudge', dedupe_key: 'nudge-1', due_at: make.ago('1 minute'), claimed_by: 'w' });
			await markFailedAndAlert(db, { id: row.id, worker: 'w' }, 'Discord 403 50013: Missing Permissions');
			return row;
		});
		const listed = memoryIo();
		expect(await runNotificationsList(env(), listed.io, { filter: 'failed' })).toBe(0);
		expect(listed.out.find((line) => line.startsWith(failed.id))).toMatch(
			/failed\s+ticket_nudge .*attempts 0 {2}staff alerted {2}last error: Discord 403 50013: Missing Permissions$/
		);
	});

	test('retry without an id or --failed says what it needs', async () => {
		const run = memoryIo();
		expect(await runNotificationsRetry(env(), run.io, {})).toBe(1);
		expect(run.err[0]).toContain('--failed');
	});
});
