import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { deliverNotification } from '../bot/outbox/deliver.ts';
import { bullScheduler } from '../lib/outbox/bull-scheduler.ts';
import { runNotificationJob, type NotificationJobData } from '../lib/outbox/queue.ts';

declare module '@sapphire/plugin-scheduled-tasks' {
	interface ScheduledTasks {
		'deliver-notification': NotificationJobData;
		'reconcile-notifications': never;
		'scrub-webhook-bodies': never;
	}
}

/** This process's claims on outbox rows (a claim can only be finished by the worker that holds it). */
const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}-queue`;

/** One notification's delayed job: claims the row if it is due and free, delivers it, records the outcome. */
export class DeliverNotificationTask extends ScheduledTask<'deliver-notification'> {
	public override async run(payload: NotificationJobData) {
		const { db, log, tasks, client, deliveryPacer } = this.container;
		return runNotificationJob(db, deliverNotification, payload.notificationId, workerId, {
			scheduler: bullScheduler(tasks.client),
			log,
			pacer: deliveryPacer,
			ready: () => client.isReady(),
			notBefore: payload.notBefore
		});
	}
}
