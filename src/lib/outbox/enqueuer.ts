import type { Db } from '../data/db.ts';
import type { Logger } from '../log.ts';
import { SerialRuns } from './serial-runs.ts';
import { enqueuePending, type EnqueueOptions, type EnqueueResult, type NotificationScheduler } from './queue.ts';

export interface EnqueuerOptions extends EnqueueOptions {
	log: Logger;
}

/**
 * Plans jobs for new outbox rows as soon as they are written: wakes on NOTIFY `fpsos_outbox` (and on `wake()`), and
 * at start re-queues every row that is due and still pending, since jobs that fell due while no bot could run them
 * are lost (the plugin completes them as NotFound before login). The repeating reconcile task covers the rest.
 */
export class OutboxEnqueuer {
	private unlisten: (() => Promise<void>) | undefined;
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
		this.unlisten = await this.db.listen('fpsos_outbox', () => this.wake());
		const result = await this.pass({ staleMs: 0 });
		if (result.queued + result.requeued > 0) this.options.log.info('Outbox jobs planned at start', { ...result });
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
		await this.unlisten?.().catch(() => undefined);
		await this.runs.stop();
	}

	private pass(override: EnqueueOptions): Promise<EnqueueResult> {
		const { log: _log, ...options } = this.options;
		return enqueuePending(this.db, this.scheduler, { ...options, ...override });
	}
}
