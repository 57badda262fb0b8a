import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createLogger } from '../../../src/lib/log.ts';
import { repeatInProcess } from '../../../src/lib/ops/repeat.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test('the job runs after the first delay and every interval counted from start; a failure is logged and the next run still comes', async () => {
	const lines: string[] = [];
	const log = createLogger('error', (line) => lines.push(line));
	let runs = 0;
	const stop = repeatInProcess(
		async () => {
			runs += 1;
			if (runs === 2) throw new Error('database away');
		},
		{ firstAfterMs: 1_000, everyMs: 10_000, log, failure: 'Nightly job failed' }
	);
	await vi.advanceTimersByTimeAsync(999);
	expect(runs).toBe(0);
	await vi.advanceTimersByTimeAsync(1);
	expect(runs).toBe(1);
	await vi.advanceTimersByTimeAsync(8_999);
	expect(runs).toBe(1);
	await vi.advanceTimersByTimeAsync(1);
	expect(runs).toBe(2);
	expect(lines.map((line) => JSON.parse(line) as { msg: string })).toEqual([expect.objectContaining({ msg: 'Nightly job failed' })]);
	await vi.advanceTimersByTimeAsync(10_000);
	expect(runs).toBe(3);
	stop();
	await vi.advanceTimersByTimeAsync(60_000);
	expect(runs).toBe(3);
});
