import type { Db } from '../data/db.ts';
import type { Logger } from '../log.ts';
import { deliverClaimed } from './outcome.ts';
import { SerialRuns } from './serial-runs.ts';
import { claimDue, nextWakeAt, type OutboxRow } from './store.ts';

export { retryDelayMs } from './outcome.ts';

/** What delivering one notification came to. */
export type DeliveryResult =
	| { outcome: 'sent' }
	| { outcome: 'skipped'; reason: string }
	| { outcome: 'retry'; error: string }
	| { outcome: 'failed'; error: string };

export type Deliver = (row: OutboxRow) => Promise<DeliveryResult>;

export interface ExecutorOptions {
	workerId: string;
	/** The periodic sweep that claims whatever a lost wake-up missed (at most 30 s). */
	sweepMs?: number;
	batchSize?: number;
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
 */
export class OutboxExecutor {
	private readonly sweepMs: number;
	private readonly batchSize: number;
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
		this.batchSize = options.batchSize ?? 20;
		this.leaseSeconds = options.leaseSeconds ?? 60;
		this.maxAttempts = options.maxAttempts ?? 8;
	}

	public async start(): Promise<void> {
		if (this.options.backstopGraceMs === undefined) this.unlisten = await this.db.listen('fpsos_outbox', () => this.wake());
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
			for (;;) {
				const rows = await claimDue(this.db, this.options.workerId, this.batchSize, this.leaseSeconds, (this.options.backstopGraceMs ?? 0) / 1000);
				for (const row of rows) await this.deliverOne(row);
				if (rows.length < this.batchSize || this.runs.stopped) break;
			}
			await this.scheduleNext();
		} catch (error) {
			this.options.log.error('Outbox run failed', { error });
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
		await deliverClaimed(this.db, this.deliver, row, { workerId: this.options.workerId, maxAttempts: this.maxAttempts, log: this.options.log });
	}
}
