import { describe, expect, test } from 'vitest';
import { SerialRuns } from '../../../src/lib/outbox/serial-runs.ts';

/** A task whose runs are counted and each finish only when the test says so. */
function controlledTask() {
	const finishers: (() => void)[] = [];
	let running = 0;
	let mostAtOnce = 0;
	const task = () =>
		new Promise<void>((resolve) => {
			running += 1;
			mostAtOnce = Math.max(mostAtOnce, running);
			finishers.push(() => {
				running -= 1;
				resolve();
			});
		});
	return {
		task,
		get runs() {
			return finishers.length;
		},
		get mostAtOnce() {
			return mostAtOnce;
		},
		finish: (run: number) => finishers[run]!()
	};
}

describe('serial runs', () => {
	test('requests during a run ask for exactly one more run, started after it', async () => {
		const work = controlledTask();
		const runs = new SerialRuns(work.task);
		runs.request();
		for (let i = 0; i < 5; i += 1) runs.request();
		expect(work.runs).toBe(1);
		work.finish(0);
		await Promise.resolve();
		await Promise.resolve();
		expect(work.runs).toBe(2);
		work.finish(1);
		await runs.idle();
		expect(work.runs).toBe(2);
		expect(work.mostAtOnce).toBe(1);
	});

	test('a request once idle starts a new run', async () => {
		const work = controlledTask();
		const runs = new SerialRuns(work.task);
		runs.request();
		work.finish(0);
		await runs.idle();
		runs.request();
		expect(work.runs).toBe(2);
		work.finish(1);
		await runs.idle();
	});

	test('stop waits for the run in progress and refuses later requests', async () => {
		const work = controlledTask();
		const runs = new SerialRuns(work.task);
		runs.request();
		let stopped = false;
		const stopping = runs.stop().then(() => {
			stopped = true;
		});
		runs.request();
		await Promise.resolve();
		expect(stopped).toBe(false);
		expect(runs.stopped).toBe(true);
		work.finish(0);
		await stopping;
		expect(stopped).toBe(true);
		runs.request();
		expect(work.runs).toBe(1);
	});
});
