import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { bullScheduler } from '../lib/outbox/bull-scheduler.ts';
import { enqueuePending } from '../lib/outbox/queue.ts';

/**
 * Every minute (one repeatable job per queue, whichever bot process takes it): plans a job for every pending row due
 * within the horizon that has none, and again for rows whose job was lost (Redis flushed, jobs run before login).
 */
export class ReconcileNotificationsTask extends ScheduledTask<'reconcile-notifications'> {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		super(context, { ...options, interval: 60_000, customJobOptions: { removeOnComplete: true, removeOnFail: 100 } });
	}

	public override async run() {
		const { db, log, tasks, client } = this.container;
		if (!client.isReady()) return null;
		const result = await enqueuePending(db, bullScheduler(tasks.client));
		if (result.queued + result.requeued > 0) log.info('Outbox jobs planned', { ...result });
		return result;
	}
}
