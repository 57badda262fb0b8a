import { isUuid } from '../custom-ids.ts';
import type { Queryable } from '../data/db.ts';
import type { Logger } from '../log.ts';
import type { Deliver } from './executor.ts';
import { DEFAULT_LEASE_SECONDS, deliverClaimed } from './outcome.ts';
import type { DeliveryPacer } from './pacer.ts';
import { pickForQueue, rowState, unmarkQueued, type PickedRow } from './queue-store.ts';
import { claimOne } from './store.ts';

/**
 * The outbox on a job queue (BullMQ through @sapphire/plugin-scheduled-tasks when REDIS_URL is set), without the
 * framework: one delayed job per notification, added when the row comes within the horizon. Postgres stays the source
 * of truth: a job only names a row, and the row is claimed (`claimOne`, due rows only) before anything is sent, so an
 * early, stale, repeated or duplicated job is harmless, and the in-process executor can run beside it.
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
 * timer (runNotificationJob), so the claim happens on time, and never early: the claim takes due rows only. A job
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

export interface JobOptions {
	scheduler: NotificationScheduler;
	log: Logger;
	leaseSeconds?: number;
	maxAttempts?: number;
	/** Spaces out the starts of deliveries (shared with the rest of the process): a row is claimed after its turn. */
	pacer?: DeliveryPacer;
	/** Whether deliveries can run now (the gateway is connected); otherwise the job comes back later, unclaimed. */
	ready?: () => boolean;
	/** How much later a job comes back when not ready (default 5 s). */
	notReadyDelayMs?: number;
	/** A job this close to its row's time waits for it in place rather than adding a follow-up (default 1 s). */
	waitLimitMs?: number;
	/** How much later a job comes back when the database failed it (default 2 s). */
	databaseErrorDelayMs?: number;
	/** The job's `notBefore`: a job handed out early waits until then on this process's timer (at most waitLimitMs). */
	notBefore?: number;
}

/** What a job came to. `gone`: the row was already sent, canceled, failed, skipped or deleted; nothing to do. */
export type JobResult =
	| { status: 'sent' | 'skipped' | 'failed' | 'gone' }
	| { status: 'retry'; at: Date }
	| { status: 'requeued'; at: Date; reason: 'not-due' | 'claimed' | 'not-ready' | 'database-error' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function followUp(options: JobOptions, notificationId: string, at: Date): Promise<void> {
	await options.scheduler.schedule(notificationJobId(notificationId, at), notificationId, Math.max(0, at.getTime() - Date.now()));
}

/**
 * Runs one notification job: claims the row (only if it is due and free), delivers it with `deliver` and records the
 * outcome exactly as the in-process executor does. A job that finds the row not due yet, or held by another claim,
 * sends nothing and adds a follow-up for when it can be claimed; a retry's back-off gets its follow-up the same way.
 */
/**
 * Runs one notification's job. A database error before the row is claimed (e.g. a connection the server dropped
 * during an outage) brings the job back shortly instead of losing it until the next reconcile: the scheduled-tasks
 * plugin swallows a task's error, so BullMQ would count the job as done.
 */
export async function runNotificationJob(
	db: Queryable,
	deliver: Deliver,
	notificationId: string,
	worker: string,
	options: JobOptions
): Promise<JobResult> {
	try {
		return await runNotificationJobOnce(db, deliver, notificationId, worker, options);
	} catch (error) {
		if (!isDatabaseError(error)) throw error;
		const at = new Date(Date.now() + (options.databaseErrorDelayMs ?? 2000));
		options.log.warn('Notification job hit a database error: trying again shortly', { notification: notificationId, error });
		await followUp(options, notificationId, at);
		return { status: 'requeued', at, reason: 'database-error' };
	}
}

/** Errors of the database or of the connection to it (postgres.js and PGlite carry a SQLSTATE or a connection code). */
function isDatabaseError(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as { code?: unknown }).code;
	return (
		typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || code.startsWith('CONNECTION_') || code === 'ECONNREFUSED' || code === 'ECONNRESET')
	);
}

async function runNotificationJobOnce(
	db: Queryable,
	deliver: Deliver,
	notificationId: string,
	worker: string,
	options: JobOptions
): Promise<JobResult> {
	if (!isUuid(notificationId)) return { status: 'gone' };
	const waitLimitMs = Math.max(options.waitLimitMs ?? 1000, EARLY_RELEASE_MS + 50);
	const early = (options.notBefore ?? 0) - Date.now();
	if (early > 0) await sleep(Math.min(early, waitLimitMs));
	for (let pass = 0; pass < 5; pass += 1) {
		if (options.ready && !options.ready()) {
			const at = new Date(Math.ceil((Date.now() + (options.notReadyDelayMs ?? 5000)) / 1000) * 1000);
			await followUp(options, notificationId, at);
			return { status: 'requeued', at, reason: 'not-ready' };
		}
		await options.pacer?.turn();
		const row = await claimOne(db, notificationId, worker, options.leaseSeconds ?? DEFAULT_LEASE_SECONDS);
		if (row) {
			const recorded = await deliverClaimed(db, deliver, row, {
				workerId: worker,
				maxAttempts: options.maxAttempts,
				leaseSeconds: options.leaseSeconds,
				log: options.log
			});
			if (recorded.outcome !== 'retry') return { status: recorded.outcome };
			await followUp(options, notificationId, recorded.retryAt);
			return { status: 'retry', at: recorded.retryAt };
		}
		const state = await rowState(db, notificationId);
		if (!state || state.status !== 'pending') return { status: 'gone' };
		// Claimable again already (a lease ended between the two queries): claim again.
		if (state.wait_ms <= 0) continue;
		if (state.wait_ms <= waitLimitMs) {
			await sleep(state.wait_ms + 1);
			continue;
		}
		await followUp(options, notificationId, state.target_at);
		return { status: 'requeued', at: state.target_at, reason: state.claimed ? 'claimed' : 'not-due' };
	}
	const at = new Date(Math.ceil((Date.now() + waitLimitMs) / 1000) * 1000);
	await followUp(options, notificationId, at);
	return { status: 'requeued', at, reason: 'claimed' };
}
