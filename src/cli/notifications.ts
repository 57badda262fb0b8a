import { describeProblems, parseDatabaseEnv } from '../lib/config/env.ts';
import { isUuid } from '../lib/custom-ids.ts';
import { openDb } from '../lib/data/db.ts';
import type { ListFilter } from '../lib/data/outbox.ts';
import { listNotifications, retryNotifications } from '../lib/outbox/admin.ts';
import { defaultDataDir } from '../lib/paths.ts';
import { consoleIo, type Io } from './output.ts';

type Source = Record<string, string | undefined>;

async function withOutbox(source: Source, io: Io, fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<number>): Promise<number> {
	const parsed = parseDatabaseEnv(source);
	if (!parsed.ok) {
		io.err(describeProblems(parsed.problems));
		return 1;
	}
	const db = await openDb({ databaseUrl: parsed.env.DATABASE_URL, dataDir: parsed.env.FPSOS_DATA_DIR ?? defaultDataDir });
	try {
		return await fn(db);
	} finally {
		await db.close();
	}
}

/**
 * `fpsos notifications list`: failed and stuck (overdue) notifications by default, one line each; a failed one says
 * whether a staff alert covers it, and the list ends with what to do.
 */
export function runNotificationsList(source: Source, io: Io = consoleIo, options: { filter?: ListFilter; limit?: number } = {}): Promise<number> {
	return withOutbox(source, io, async (db) => {
		const rows = await listNotifications(db, options.filter ?? 'problems', options.limit ?? 50);
		if (rows.length === 0) {
			io.out(options.filter && options.filter !== 'problems' ? 'No notifications match.' : 'No failed or stuck notifications.');
			return 0;
		}
		for (const row of rows) {
			const state = row.overdue ? 'STUCK' : row.status;
			const alerted = row.alerted ? '  staff alerted' : '';
			const error = row.last_error ? `  last error: ${row.last_error}` : '';
			io.out(
				`${row.id}  ${state.padEnd(8)} ${row.kind.padEnd(20)} due ${row.due_at.toISOString()}  attempts ${row.attempts}${alerted}${error}`
			);
		}
		if (rows.some((row) => row.status === 'failed')) {
			io.out(
				'Fix the cause (the staff alert and the last error say what it was), then `npx fpsos notifications retry <id>`, or `--failed` for every failed one.'
			);
		}
		return 0;
	});
}

/** `fpsos notifications retry <id>` or `--failed`: back in the queue, due now. */
export function runNotificationsRetry(source: Source, io: Io = consoleIo, options: { id?: string; allFailed?: boolean } = {}): Promise<number> {
	if (!options.allFailed && !(options.id && isUuid(options.id))) {
		io.err('Give a notification id (from `fpsos notifications list`) or --failed for all failed ones.');
		return Promise.resolve(1);
	}
	return withOutbox(source, io, async (db) => {
		const count = await retryNotifications(db, options.allFailed ? { allFailed: true } : { id: options.id! });
		io.out(
			count === 0 ? 'Nothing to retry: no failed notification matches.' : `${count} notification(s) queued again; a running bot sends them now.`
		);
		return 0;
	});
}
