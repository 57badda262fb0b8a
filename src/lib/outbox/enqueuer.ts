import type { Db } from '../data/db.ts';
import type { Logger } from '../log.ts';
import { OUTBOX_CHANNEL } from './channel.ts';
import { SerialRuns } from './serial-runs.ts';
import { DEFAULT_HORIZON_MS, enqueuePending, type EnqueueOptions, type EnqueueResult, type NotificationScheduler } from './queue.ts';

export interface EnqueuerOptions extends EnqueueOptions {
	log: Logger;
	/**
	 * How often this process checks the queue itself (default 15 s): a reconcile pass, and when the queue lost its data
	 * (Redis flushed or restarted empty, see `NotificationScheduler.intact`) every row within the horizon planned again.
	 * It does not rely on the repeating reconcile task, whose job Redis loses with the rest.
	 */
	checkMs?: number;
}

/**
 * Plans jobs for new outbox rows as soon as they are written: wakes on NOTIFY `fpsos_outbox` (and on `wake()`), and
 * at start re-queues every row that is due and still pending, since jobs that fell due while no bot could run them
 * are lost (the plugin completes them as NotFound before login). A periodic check (and the repeating reconcile task)
 * covers the rest, including a queue that lost its data.
 */
export class OutboxEnqueuer {
	private unlisten: (() => Promise<void>) | undefined;
	private checkTimer: NodeJS.Timeout | undefined;
	private checking: Promise<void> | undefined;
	private readonly runs = new SerialRuns(() =>
		this.pass({}).then(
			() => undefined,
			(error: unknown) => this.options.log.error('Outbox enqueue failed', { error })
		)
	);

	public constructor(
		private readonly db: Db,
		private readonly scheduler: NotificationScheduler,
		private readonly options: EnqueuerOptions
	) {}

	/** Listens for wake-ups, then runs the boot pass (resolves once it is done). */
	public async start(): Promise<EnqueueResult> {
		this.unlisten = await this.db.listen(OUTBOX_CHANNEL, () => this.wake());
		const result = await this.pass({ staleMs: 0 });
		if (result.queued + result.requeued > 0) this.options.log.info('Outbox jobs planned at start', { ...result });
		this.checkTimer = setInterval(() => void this.check(), this.options.checkMs ?? 15_000);
		this.checkTimer.unref();
		// Not awaited: a Redis that is not reachable yet must not hold up the start (its commands wait for it).
		void this.check();
		return result;
	}

	/** One pass with the configured staleness: what the repeating reconcile task runs. */
	public reconcile(): Promise<EnqueueResult> {
		return this.pass({});
	}

	/** Asks for a pass now; passes never overlap, a wake during a pass triggers one more. */
	public wake(): void {
		this.runs.request();
	}

	/** Waits for the current pass (tests and shutdown). */
	public async idle(): Promise<void> {
		await this.runs.idle();
	}

	public async stop(): Promise<void> {
		clearInterval(this.checkTimer);
		await this.unlisten?.().catch(() => undefined);
		await this.runs.stop();
		await this.checking;
	}

	/** A staleness that picks every pending row within the horizon, whether or not it was queued before. */
	private get replanStaleMs(): number {
		return -(this.options.horizonMs ?? DEFAULT_HORIZON_MS);
	}

	/** The periodic check: plans everything again if the queue lost its data, then a reconcile pass. */
	private check(): Promise<void> {
		if (this.checking || this.runs.stopped) return this.checking ?? Promise.resolve();
		this.checking = (async () => {
			try {
				if (this.scheduler.intact && !(await this.scheduler.intact())) {
					const result = await this.pass({ staleMs: this.replanStaleMs });
					this.options.log.warn('Outbox queue lost its jobs: planned again', { ...result });
				}
			} catch (error) {
				this.options.log.error('Outbox queue check failed', { error });
			} finally {
				this.checking = undefined;
			}
			this.wake();
		})();
		return this.checking;
	}

	private pass(override: EnqueueOptions): Promise<EnqueueResult> {
		const { log: _log, checkMs: _checkMs, ...options } = this.options;
		return enqueuePending(this.db, this.scheduler, { ...options, ...override });
	}
}
