import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import type { NotificationJobData } from '../lib/outbox/queue.ts';

declare module '@sapphire/plugin-scheduled-tasks' {
	interface ScheduledTasks {
		'deliver-notification': NotificationJobData;
		'reconcile-notifications': never;
		'scrub-webhook-bodies': never;
	}
}

/** One notification's delayed job: the process's outbox runner claims the row if it is due and free, and delivers it. */
export class DeliverNotificationTask extends ScheduledTask<'deliver-notification'> {
	public override async run(payload: NotificationJobData) {
		return this.container.outbox.runJob(payload);
	}
}
