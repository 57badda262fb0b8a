import type { Db } from '../data/db.ts';
import type { Logger } from '../log.ts';
import { OUTBOX_CHANNEL } from './channel.ts';
import { DEFAULT_LEASE_SECONDS, deliverClaimed } from './outcome.ts';
import type { DeliveryPacer } from './pacer.ts';
import { SerialRuns } from './serial-runs.ts';
import { claimDue, nextWakeAt, type OutboxRow } from './store.ts';

export { retryDelayMs } from './outcome.ts';

/** What delivering one notification came to. */
export type DeliveryResult =
	{ outcome: 'sent' } | { outcome: 'skipped'; reason: string } | { outcome: 'retry'; error: string } | { outcome: 'failed'; error: string };

export type Deliver = (row: OutboxRow) => Promise<DeliveryResult>;

export interface ExecutorOptions {
	workerId: string;
	/** The periodic sweep that claims whatever a lost wake-up missed (at most 30 s). */
	sweepMs?: number;
	/** Deliveries in progress at once (default 4); each claims its row when it starts. */
	concurrency?: number;
	/** Spaces out the starts of deliveries (shared with the rest of the process); none: as fast as they go. */
	pacer?: DeliveryPacer;
	leaseSeconds?: number;
	maxAttempts?: number;
	/** Whether deliveries can run now (e.g. the gateway is connected); a paused run leaves rows for later. */
	ready?: () => boolean;
	/**
	 * A job queue (BullMQ) delivers on time: the executor is only the backstop. No NOTIFY wake-up and no due timer;
	 * the sweep claims rows due (and free) for at least this long, which their jobs evidently missed.
	 */
	backstopGraceMs?: number;
	log: Logger;
}

/**
 * Runs the outbox in-process: wakes on NOTIFY `fpsos_outbox`, on a timer set to the next due row, and on a sweep.
 * Every row is claimed in the database before it is delivered, so any number of executors (processes) can run.
 * A row is claimed when its delivery starts (after its turn at the pacer), never in a batch ahead of time: a lease
 * then runs only while its own delivery does, and that delivery is given up on before the lease ends.
 */
export class OutboxExecutor {
	private readonly sweepMs: number;
	private readonly concurrency: number;
	private readonly leaseSeconds: number;
	private readonly maxAttempts: number;
	private sweepTimer: NodeJS.Timeout | undefined;
	private dueTimer: NodeJS.Timeout | undefined;
	private unlisten: (() => Promise<void>) | undefined;
	private readonly runs = new SerialRuns(() => this.runUntilIdle());

	public constructor(
		private readonly db: Db,
		private readonly deliver: Deliver,
		private readonly options: ExecutorOptions
	) {
		this.sweepMs = Math.min(options.sweepMs ?? 15_000, 30_000);
		this.concurrency = Math.max(1, options.concurrency ?? 4);
		this.leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
		this.maxAttempts = options.maxAttempts ?? 8;
	}

	public async start(): Promise<void> {
		if (this.options.backstopGraceMs === undefined) this.unlisten = await this.db.listen(OUTBOX_CHANNEL, () => this.wake());
		this.sweepTimer = setInterval(() => this.wake(), this.sweepMs);
		this.sweepTimer.unref();
		this.wake();
	}

	/** Asks for a run now; runs never overlap, a wake during a run triggers one more. */
	public wake(): void {
		this.runs.request();
	}

	/** Waits for the current run (tests and shutdown). */
	public async idle(): Promise<void> {
		await this.runs.idle();
	}

	public async stop(): Promise<void> {
		clearInterval(this.sweepTimer);
		clearTimeout(this.dueTimer);
		await this.unlisten?.().catch(() => undefined);
		await this.runs.stop();
	}

	private async runUntilIdle(): Promise<void> {
		try {
			if (this.options.ready && !this.options.ready()) return;
			const lanes = await Promise.allSettled(Array.from({ length: this.concurrency }, () => this.drain()));
			for (const lane of lanes) if (lane.status === 'rejected') this.options.log.error('Outbox run failed', { error: lane.reason });
			await this.scheduleNext();
		} catch (error) {
			this.options.log.error('Outbox run failed', { error });
		}
	}

	/** One lane: claims the oldest due row, delivers it, and again until nothing is due. */
	private async drain(): Promise<void> {
		while (!this.runs.stopped && (!this.options.ready || this.options.ready())) {
			await this.options.pacer?.turn();
			const [row] = await claimDue(this.db, this.options.workerId, 1, this.leaseSeconds, (this.options.backstopGraceMs ?? 0) / 1000);
			if (!row) return;
			await this.deliverOne(row);
		}
	}

	private async scheduleNext(): Promise<void> {
		const at = await nextWakeAt(this.db);
		clearTimeout(this.dueTimer);
		if (!at || this.runs.stopped || this.options.backstopGraceMs !== undefined) return;
		const delay = Math.max(0, at.getTime() - Date.now());
		if (delay >= this.sweepMs) return;
		this.dueTimer = setTimeout(() => this.wake(), delay + 5);
		this.dueTimer.unref();
	}

	private async deliverOne(row: OutboxRow): Promise<void> {
		await deliverClaimed(this.db, this.deliver, row, {
			workerId: this.options.workerId,
			maxAttempts: this.maxAttempts,
			leaseSeconds: this.leaseSeconds,
			log: this.options.log
		});
	}
}
