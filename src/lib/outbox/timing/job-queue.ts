import { DEFAULT_HORIZON_MS, enqueuePending, type EnqueueOptions, type EnqueueResult, type NotificationScheduler } from '../queue.ts';
import { SerialRuns } from '../serial-runs.ts';
import type { JobTiming, OutboxTiming, TimedRunner } from './timing.ts';

export interface JobQueueTimingOptions extends EnqueueOptions, Omit<JobTiming, 'scheduler'> {
	/**
	 * How often this process checks the queue itself (default 15 s): a plan pass, and when the queue lost its data
	 * (Redis flushed or restarted empty, see `NotificationScheduler.intact`) every row within the horizon planned again.
	 * It does not rely on the repeating reconcile task, whose job Redis loses with the rest.
	 */
	checkMs?: number;
	/** How often the backstop sweep runs (default 15 s). */
	sweepMs?: number;
	/** The backstop claims only rows due (and free) for at least this long, which their jobs evidently missed (default 60 s). */
	graceMs?: number;
}

/**
 * The outbox timed by a job queue (BullMQ through the scheduled-tasks plugin): one delayed job per row, planned on every
 * wake-up (`enqueuePending`), at start (re-planning rows due while no bot could run their jobs: the plugin completes
 * them as NotFound before login) and on a periodic check that also notices a queue that lost its data. The job runs
 * `runner.runJob` (src/scheduled-tasks/deliver-notification.ts). A backstop sweep delivers what every job missed.
 */
export class JobQueueTiming implements OutboxTiming {
	public readonly jobs: JobTiming;
	private readonly checkMs: number;
	private readonly sweepMs: number;
	private readonly graceMs: number;
	private readonly enqueue: EnqueueOptions;
	private runner: TimedRunner | undefined;
	private checkTimer: NodeJS.Timeout | undefined;
	private sweepTimer: NodeJS.Timeout | undefined;
	private checking: Promise<void> | undefined;
	private readonly plans = new SerialRuns(() =>
		this.pass({}).then(
			() => undefined,
			(error: unknown) => this.runner!.log.error('Outbox enqueue failed', { error })
		)
	);
	private readonly sweeps = new SerialRuns(async () => {
		await this.runner!.deliverDue(this.graceMs);
	});

	public constructor(scheduler: NotificationScheduler, options: JobQueueTimingOptions = {}) {
		const { checkMs, sweepMs, graceMs, horizonMs, limit, staleMs, ...job } = options;
		this.jobs = { scheduler, ...job };
		this.checkMs = checkMs ?? 15_000;
		this.sweepMs = sweepMs ?? 15_000;
		this.graceMs = graceMs ?? 60_000;
		this.enqueue = { horizonMs, limit, staleMs };
	}

	/** Runs the boot pass (resolves once it is done), then the periodic check and the backstop sweep. */
	public async start(runner: TimedRunner): Promise<void> {
		this.runner = runner;
		const result = await this.pass({ staleMs: 0 });
		if (result.queued + result.requeued > 0) runner.log.info('Outbox jobs planned at start', { ...result });
		this.checkTimer = setInterval(() => void this.check(), this.checkMs);
		this.checkTimer.unref();
		this.sweepTimer = setInterval(() => this.sweeps.request(), this.sweepMs);
		this.sweepTimer.unref();
		// Not awaited: a Redis that is not reachable yet must not hold up the start (its commands wait for it).
		void this.check();
		this.sweeps.request();
	}

	/** A plan pass, and a backstop sweep (one indexed query when nothing is overdue). */
	public wake(): void {
		if (!this.runner) return;
		this.plans.request();
		this.sweeps.request();
	}

	/** One plan pass with the configured staleness: what the repeating reconcile task runs. */
	public reconcile(): Promise<EnqueueResult> {
		return this.pass({});
	}

	public async idle(): Promise<void> {
		await Promise.all([this.plans.idle(), this.sweeps.idle()]);
	}

	public async stop(): Promise<void> {
		clearInterval(this.checkTimer);
		clearInterval(this.sweepTimer);
		await Promise.all([this.plans.stop(), this.sweeps.stop()]);
		await this.checking;
	}

	/** A staleness that picks every pending row within the horizon, whether or not it was queued before. */
	private get replanStaleMs(): number {
		return -(this.enqueue.horizonMs ?? DEFAULT_HORIZON_MS);
	}

	/** The periodic check: plans everything again if the queue lost its data, then a plan pass. */
	private check(): Promise<void> {
		if (this.checking || this.plans.stopped) return this.checking ?? Promise.resolve();
		this.checking = (async () => {
			try {
				if (this.jobs.scheduler.intact && !(await this.jobs.scheduler.intact())) {
					const result = await this.pass({ staleMs: this.replanStaleMs });
					this.runner!.log.warn('Outbox queue lost its jobs: planned again', { ...result });
				}
			} catch (error) {
				this.runner!.log.error('Outbox queue check failed', { error });
			} finally {
				this.checking = undefined;
			}
			this.plans.request();
		})();
		return this.checking;
	}

	private async pass(override: EnqueueOptions): Promise<EnqueueResult> {
		if (!this.runner) throw new Error('JobQueueTiming: plan passes start with the runner');
		return enqueuePending(this.runner.db, this.jobs.scheduler, { ...this.enqueue, ...override });
	}
}
