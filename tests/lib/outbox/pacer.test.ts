import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DeliveryPacer } from '../../../src/lib/outbox/pacer.ts';

describe('the delivery pacer', () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 0 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	test('at 10 a second, three callers at once start 0, 100 and 200 ms later, in the order they asked', async () => {
		const pacer = new DeliveryPacer(10);
		const started: [string, number][] = [];
		const turns = ['a', 'b', 'c'].map(async (caller) => {
			await pacer.turn();
			started.push([caller, Date.now()]);
		});
		expect(pacer.backlogMs).toBe(300);
		await vi.advanceTimersByTimeAsync(250);
		await Promise.all(turns);
		expect(started).toEqual([
			['a', 0],
			['b', 100],
			['c', 200]
		]);
		expect(pacer.backlogMs).toBe(50);
	});

	test('after a quiet spell the next caller goes at once: no burst is saved up', async () => {
		const pacer = new DeliveryPacer(10);
		await pacer.turn();
		await vi.advanceTimersByTimeAsync(1000);
		expect(pacer.backlogMs).toBe(0);
		const first = pacer.turn();
		const second = pacer.turn();
		await first;
		expect(Date.now()).toBe(1000);
		await vi.advanceTimersByTimeAsync(100);
		await second;
		expect(Date.now()).toBe(1100);
	});

	test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('a rate of %s is refused', (perSecond) => {
		expect(() => new DeliveryPacer(perSecond)).toThrow(RangeError);
	});
});
