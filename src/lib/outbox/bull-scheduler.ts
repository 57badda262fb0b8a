import type { JobsOptions } from 'bullmq';
import { DELIVER_NOTIFICATION_TASK, EARLY_RELEASE_MS, type NotificationJobData, type NotificationScheduler } from './queue.ts';

/** The part of a BullMQ `Queue` the scheduler uses (the plugin's `container.tasks.client` is one). */
export interface JobQueue {
	add(name: string, data: NotificationJobData, opts?: JobsOptions): Promise<unknown>;
	/** The queue's Redis key for `type` and its connection: where the marker that tells a lost queue lives. */
	toKey?: (type: string) => string;
	readonly client?: Promise<{ set(key: string, value: string, mode: 'NX'): Promise<'OK' | null> }>;
}

/** A key of the queue's own that only this scheduler writes; Redis losing the queue's data loses it too. */
const MARKER = 'fpsos-planned';

/**
 * Notification jobs on a BullMQ queue, named after the task piece that runs them. Finished jobs are removed (failed
 * ones too: the row stays pending and the reconcile pass queues it again), so the same id can be planned again.
 */
export function bullScheduler(queue: JobQueue, taskName: string = DELIVER_NOTIFICATION_TASK): NotificationScheduler {
	const { toKey, client } = queue;
	return {
		schedule: async (jobId, notificationId, delayMs) => {
			const delay = Math.max(0, Math.ceil(delayMs));
			const data = delay > 0 ? { notificationId, notBefore: Date.now() + delay } : { notificationId };
			await queue.add(taskName, data, { jobId, delay: Math.max(0, delay - EARLY_RELEASE_MS), removeOnComplete: true, removeOnFail: true });
		},
		...(toKey && client ? { intact: async () => (await (await client).set(toKey(MARKER), '1', 'NX')) === null } : {})
	};
}
