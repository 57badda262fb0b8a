import { Worker, type ConnectionOptions } from 'bullmq';

export interface TaskWorkerOptions {
	/** The plugin's queue (`container.tasks.queue`). */
	queue: string;
	connection: ConnectionOptions;
	/** Jobs run at once by this worker (default 8; their deliveries also wait their turn at the process's pacer). */
	concurrency?: number;
	/** Runs a job the way the plugin does (`container.tasks.run({ name, payload })`: its pieces, its events). */
	run: (name: string, payload: unknown) => Promise<unknown>;
	onError: (error: Error) => void;
}

/**
 * A second BullMQ worker on the scheduled-tasks queue, with concurrency. The plugin's own worker takes one job at a
 * time and cannot be configured, which caps the queue at one delivery (one Discord call) at a time per process:
 * 10,000 reminders falling due in a minute then run seconds late. This worker runs the same pieces through the plugin,
 * and starts after login, when the pieces are loaded (so it never completes a job as NotFound).
 */
export function startTaskWorker(options: TaskWorkerOptions): { close: () => Promise<void> } {
	const worker = new Worker<unknown>(options.queue, (job) => options.run(job.name, job.data), {
		connection: options.connection,
		concurrency: options.concurrency ?? 8
	});
	worker.on('error', options.onError);
	return { close: () => worker.close() };
}
