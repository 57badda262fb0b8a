import type { Queryable } from '../data/db.ts';
import { pickForQueue, unmarkQueued, type PickedRow } from '../data/outbox.ts';

/**
 * The outbox's jobs on a job queue (BullMQ through @sapphire/plugin-scheduled-tasks when REDIS_URL is set), without
 * the framework: one delayed job per notification, added when the row comes within the horizon (timing/job-queue.ts).
 * Postgres stays the source of truth: a job only names a row, and the runner claims it (`claimOne`, due rows only)
 * before anything is sent (`OutboxRunner.runJob`), so an early, stale, repeated or duplicated job is harmless.
 */
export const DELIVER_NOTIFICATION_TASK = 'deliver-notification';
export const RECONCILE_NOTIFICATIONS_TASK = 'reconcile-notifications';

/** What a notification's job carries: the row, and (when planned ahead) the time, in epoch ms, not to start before. */
export interface NotificationJobData {
	notificationId: string;
	notBefore?: number;
}

/** Adds one delayed job; adding a job id that is already waiting or delayed does nothing. */
export interface NotificationScheduler {
	schedule(jobId: string, notificationId: string, delayMs: number): Promise<void>;
	/**
	 * Whether the queue still holds what was planned in it: false once, after its store lost its data (Redis flushed,
	 * or restarted without persistence) or on its first use, so every row within the horizon is planned again.
	 */
	intact?(): Promise<boolean>;
}

/**
 * Deterministic job ids (BullMQ: no `:`, not a plain integer). The planned job is `notification-<uuid>`; a follow-up
 * for a later moment (a retry's back-off, the end of another worker's lease, a job that ran early) carries that moment
 * in epoch ms, so every worker that plans the same follow-up adds the same job.
 */
export function notificationJobId(notificationId: string, at?: Date): string {
	return at ? `notification-${notificationId}-${at.getTime()}` : `notification-${notificationId}`;
}

/**
 * How much before its time a job is handed to a worker. Redis times out blocking reads (BullMQ's wait for the next
 * delayed job) on its server clock tick (10 per second by default), so a job released exactly at its time starts up to
 * about 100 ms late. Released this much early, with its time in `notBefore`, the worker waits the rest on its own
 * timer (OutboxRunner.runJob), so the claim happens on time, and never early: the claim takes due rows only. A job
 * never waits less than this in place, whatever its waitLimitMs, so an early job cannot turn into a follow-up that
 * is itself released at once.
 */
export const EARLY_RELEASE_MS = 300;

export interface EnqueueOptions {
	/** Rows due within this much from now get their job now; later ones wait for a later pass (default 10 min). */
	horizonMs?: number;
	/** Rows per database round trip (default 500). */
	limit?: number;
	/**
	 * A row queued more than this long ago and still pending this long after it was due has lost its job (Redis
	 * flushed or restarted, a job run before the bot could handle it): it is queued again (default 60 s; 0 at boot;
	 * minus the horizon plans every row within it again, for a queue known to have lost its data).
	 */
	staleMs?: number;
}

export interface EnqueueResult {
	/** Jobs added for rows never queued before. */
	queued: number;
	/** Jobs added again for rows whose job was presumed lost. */
	requeued: number;
}

export const DEFAULT_HORIZON_MS = 10 * 60_000;
export const DEFAULT_STALE_MS = 60_000;

function jobIdFor(row: PickedRow): string {
	// The planned job keeps the plain id, so re-adding it while it still exists does nothing.
	return row.target_at.getTime() === row.due_at.getTime() ? notificationJobId(row.id) : notificationJobId(row.id, row.target_at);
}

/**
 * Adds a job for every pending row due within the horizon that has none, marking `queued_at`, batch by batch through
 * the due index. Safe to run concurrently (rows are shared out with `skip locked`) and repeatedly (job ids).
 * A row whose job could not be added is unmarked and the error thrown.
 */
export async function enqueuePending(db: Queryable, scheduler: NotificationScheduler, options: EnqueueOptions = {}): Promise<EnqueueResult> {
	const pick = { horizonMs: options.horizonMs ?? DEFAULT_HORIZON_MS, limit: options.limit ?? 500, staleMs: options.staleMs ?? DEFAULT_STALE_MS };
	const result: EnqueueResult = { queued: 0, requeued: 0 };
	for (;;) {
		// The delays are the database's, counted from its statement's start: what has passed since is taken off.
		const pickedAt = Date.now();
		const rows = await pickForQueue(db, pick);
		const added = await Promise.allSettled(
			rows.map((row) => scheduler.schedule(jobIdFor(row), row.id, Math.max(0, row.delay_ms - (Date.now() - pickedAt))))
		);
		const failed = rows.filter((_, index) => added[index]?.status === 'rejected');
		if (failed.length > 0) {
			await unmarkQueued(
				db,
				failed.map((row) => row.id)
			);
			const first = added.find((outcome) => outcome.status === 'rejected');
			throw first?.reason instanceof Error ? first.reason : new Error(`could not queue ${failed.length} notification(s)`);
		}
		for (const row of rows) result[row.requeued ? 'requeued' : 'queued'] += 1;
		if (rows.length < pick.limit) return result;
	}
}
