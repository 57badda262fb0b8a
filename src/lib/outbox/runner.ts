import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isUuid } from '../custom-ids.ts';
import type { Db } from '../data/db.ts';
import { claimDue, claimOne, rowState, type OutboxRow } from '../data/outbox.ts';
import type { Logger } from '../log.ts';
import { OUTBOX_CHANNEL } from './channel.ts';
import { DEFAULT_LEASE_SECONDS, deliverClaimed, type Deliver } from './outcome.ts';
import type { DeliveryPacer } from './pacer.ts';
import { EARLY_RELEASE_MS, notificationJobId, type NotificationJobData } from './queue.ts';
import { InProcessTiming } from './timing/in-process.ts';
import type { JobTiming, OutboxTiming, TimedRunner } from './timing/timing.ts';

export interface RunnerOptions {
	/** This process's claims on outbox rows (default: host, pid and a random tag); every delivery of the runner uses it. */
	workerId?: string;
	/** When deliveries run (default: in process, timing/in-process.ts; with Redis, timing/job-queue.ts). */
	timing?: OutboxTiming;
	/** Deliveries of due rows in progress at once (default 4); each claims its row when it starts. */
	lanes?: number;
	/** Spaces out the starts of deliveries (shared with the rest of the process); none: as fast as they go. */
	pacer?: DeliveryPacer;
	leaseSeconds?: number;
	maxAttempts?: number;
	/** Whether deliveries can run now (e.g. the gateway is connected); a paused run leaves rows for later. */
	ready?: () => boolean;
	log: Logger;
}

/** What a job came to. `gone`: the row was already sent, canceled, failed, skipped or deleted; nothing to do. */
export type JobResult =
	| { status: 'sent' | 'skipped' | 'failed' | 'gone' }
	| { status: 'retry'; at: Date }
	| { status: 'requeued'; at: Date; reason: 'not-due' | 'claimed' | 'not-ready' | 'database-error' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The outbox's one claim/deliver path in a process, with one worker id. Every row is claimed in the database before it
 * is delivered (`src/lib/data/outbox.ts`, a lease, `skip locked`) and its outcome recorded by the claimant (`outcome.ts`), so any
 * number of runners (processes) can run. A row is claimed when its delivery starts (after its turn at the pacer), never
 * in a batch ahead of time: a lease then runs only while its own delivery does.
 *
 * Two ways in, one path: `deliverDue` claims due rows in lanes until none is left (what a timing's timer or sweep
 * runs), `runJob` claims one named row for its job. When they run is the timing's (timing/timing.ts). `wake()` is the
 * one wake-up: NOTIFY on `fpsos_outbox` (heard here), clientReady, Supabase Realtime all call it.
 */
export class OutboxRunner implements TimedRunner {
	public readonly workerId: string;
	public readonly timing: OutboxTiming;
	public readonly log: Logger;
	private readonly lanes: number;
	private readonly leaseSeconds: number;
	private stopped = false;
	private unlisten: (() => Promise<void>) | undefined;

	public constructor(
		public readonly db: Db,
		private readonly deliver: Deliver,
		private readonly options: RunnerOptions
	) {
		this.workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
		this.timing = options.timing ?? new InProcessTiming();
		this.log = options.log;
		this.lanes = Math.max(1, options.lanes ?? 4);
		this.leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
	}

	/** Listens for wake-ups, then starts the timing (resolves once its first pass is planned). */
	public async start(): Promise<void> {
		this.unlisten = await this.db.listen(OUTBOX_CHANNEL, () => this.wake());
		await this.timing.start(this);
	}

	/** The one wake-up: something was planned or may be due. Callers never need to know the timing. */
	public wake(): void {
		if (!this.stopped) this.timing.wake();
	}

	/** Waits for the timing's current runs (tests and shutdown). */
	public idle(): Promise<void> {
		return this.timing.idle();
	}

	public async stop(): Promise<void> {
		this.stopped = true;
		await this.unlisten?.().catch(() => undefined);
		await this.timing.stop();
	}

	private canDeliver(): boolean {
		return !this.stopped && (!this.options.ready || this.options.ready());
	}

	public async deliverDue(graceMs = 0): Promise<boolean> {
		if (!this.canDeliver()) return false;
		const lanes = await Promise.allSettled(Array.from({ length: this.lanes }, () => this.drain(graceMs)));
		for (const lane of lanes) if (lane.status === 'rejected') this.log.error('Outbox run failed', { error: lane.reason });
		return true;
	}

	/** One lane: claims the oldest due row, delivers it, and again until nothing is due. */
	private async drain(graceMs: number): Promise<void> {
		while (this.canDeliver()) {
			await this.options.pacer?.turn();
			const [row] = await claimDue(this.db, this.workerId, 1, this.leaseSeconds, graceMs / 1000);
			if (!row) return;
			await this.deliverClaimed(row);
		}
	}

	private deliverClaimed(row: OutboxRow) {
		return deliverClaimed(this.db, this.deliver, row, {
			workerId: this.workerId,
			maxAttempts: this.options.maxAttempts,
			leaseSeconds: this.leaseSeconds,
			log: this.log
		});
	}

	/**
	 * Runs one notification's job: claims the row (only if it is due and free), delivers it and records the outcome,
	 * exactly as `deliverDue` does. A job that finds the row not due yet, or held by another claim, sends nothing and
	 * adds a follow-up for when it can be claimed; a retry's back-off gets its follow-up the same way. A database error
	 * (e.g. a connection the server dropped during an outage) brings the job back shortly instead of losing it until
	 * the next reconcile: the scheduled-tasks plugin swallows a task's error, so BullMQ would count the job as done.
	 */
	public async runJob(job: NotificationJobData): Promise<JobResult> {
		const jobs = this.timing.jobs;
		if (!jobs) throw new Error('This outbox runner is not timed by a job queue');
		try {
			return await this.runJobOnce(job, jobs);
		} catch (error) {
			if (!isDatabaseError(error)) throw error;
			const at = new Date(Date.now() + (jobs.databaseErrorDelayMs ?? 2000));
			this.log.warn('Notification job hit a database error: trying again shortly', { notification: job.notificationId, error });
			await followUp(jobs, job.notificationId, at);
			return { status: 'requeued', at, reason: 'database-error' };
		}
	}

	private async runJobOnce({ notificationId, notBefore }: NotificationJobData, jobs: JobTiming): Promise<JobResult> {
		if (!isUuid(notificationId)) return { status: 'gone' };
		const waitLimitMs = Math.max(jobs.waitLimitMs ?? 1000, EARLY_RELEASE_MS + 50);
		const early = (notBefore ?? 0) - Date.now();
		if (early > 0) await sleep(Math.min(early, waitLimitMs));
		for (let pass = 0; pass < 5; pass += 1) {
			if (!this.canDeliver()) {
				const at = new Date(Math.ceil((Date.now() + (jobs.notReadyDelayMs ?? 5000)) / 1000) * 1000);
				await followUp(jobs, notificationId, at);
				return { status: 'requeued', at, reason: 'not-ready' };
			}
			await this.options.pacer?.turn();
			const row = await claimOne(this.db, notificationId, this.workerId, this.leaseSeconds);
			if (row) {
				const recorded = await this.deliverClaimed(row);
				if (recorded.outcome !== 'retry') return { status: recorded.outcome };
				await followUp(jobs, notificationId, recorded.retryAt);
				return { status: 'retry', at: recorded.retryAt };
			}
			const state = await rowState(this.db, notificationId);
			if (!state || state.status !== 'pending') return { status: 'gone' };
			// Claimable again already (a lease ended between the two queries): claim again.
			if (state.wait_ms <= 0) continue;
			if (state.wait_ms <= waitLimitMs) {
				await sleep(state.wait_ms + 1);
				continue;
			}
			await followUp(jobs, notificationId, state.target_at);
			return { status: 'requeued', at: state.target_at, reason: state.claimed ? 'claimed' : 'not-due' };
		}
		const at = new Date(Math.ceil((Date.now() + waitLimitMs) / 1000) * 1000);
		await followUp(jobs, notificationId, at);
		return { status: 'requeued', at, reason: 'claimed' };
	}
}

async function followUp(jobs: JobTiming, notificationId: string, at: Date): Promise<void> {
	await jobs.scheduler.schedule(notificationJobId(notificationId, at), notificationId, Math.max(0, at.getTime() - Date.now()));
}

/** Errors of the database or of the connection to it (postgres.js and PGlite carry a SQLSTATE or a connection code). */
function isDatabaseError(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as { code?: unknown }).code;
	return (
		typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || code.startsWith('CONNECTION_') || code === 'ECONNREFUSED' || code === 'ECONNRESET')
	);
}
