import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { JobQueueTiming } from '../lib/outbox/timing/job-queue.ts';

/**
 * Every minute (one repeatable job per queue, whichever bot process takes it): plans a job for every pending row due
 * within the horizon that has none, and again for rows whose job was lost (Redis flushed, jobs run before login).
 */
export class ReconcileNotificationsTask extends ScheduledTask<'reconcile-notifications'> {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		super(context, { ...options, interval: 60_000, customJobOptions: { removeOnComplete: true, removeOnFail: 100 } });
	}

	public override async run() {
		const { outbox, log, client } = this.container;
		if (!client.isReady() || !(outbox.timing instanceof JobQueueTiming)) return null;
		const result = await outbox.timing.reconcile();
		if (result.queued + result.requeued > 0) log.info('Outbox jobs planned', { ...result });
		return result;
	}
}
