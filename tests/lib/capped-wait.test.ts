import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { cappedWait } from '../../src/lib/capped-wait.ts';

function resolveAfter<T>(ms: number, value: T): Promise<T> {
	return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

function rejectAfter(ms: number, message: string): Promise<never> {
	return new Promise((_resolve, reject) => setTimeout(() => reject(new Error(message)), ms));
}

describe('a capped wait', () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 0 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	test('a lookup within the cap gives its own answer, and nobody hears of lateness', async () => {
		const onLate = vi.fn();
		const waited = cappedWait(resolveAfter(200, 'ar'), 500, 'en-US', onLate);
		await vi.advanceTimersByTimeAsync(200);
		await expect(waited).resolves.toBe('ar');
		await vi.advanceTimersByTimeAsync(1000);
		expect(onLate).not.toHaveBeenCalled();
	});

	test('a slow lookup gives way to the fallback at the cap, once; its late failure is dropped', async () => {
		const onLate = vi.fn();
		const waited = cappedWait(rejectAfter(2000, 'database down'), 500, 'en-US', onLate);
		await vi.advanceTimersByTimeAsync(500);
		await expect(waited).resolves.toBe('en-US');
		expect(Date.now()).toBe(500);
		await vi.advanceTimersByTimeAsync(2000);
		expect(onLate).toHaveBeenCalledTimes(1);
	});

	test('a lookup that fails within the cap fails the wait', async () => {
		const waited = cappedWait(rejectAfter(100, 'database down'), 500, 'en-US');
		const outcome = expect(waited).rejects.toThrow('database down');
		await vi.advanceTimersByTimeAsync(100);
		await outcome;
	});
});
