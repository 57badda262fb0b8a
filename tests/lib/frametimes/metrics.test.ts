import { describe, expect, test } from 'vitest';
import { nearestRank, summarizeFrameTimes } from '../../../src/lib/frametimes/index.ts';

describe('summarizeFrameTimes', () => {
	test('1,000 frames: 990 at 4 ms, 9 at 10 ms, 1 at 50 ms', () => {
		const times = new Float64Array(1000).fill(4);
		times.fill(10, 990, 999);
		times[999] = 50;
		// total 3,960 + 90 + 50 = 4,100 ms; the 990th value is 4 ms, the 999th is 10 ms.
		expect(summarizeFrameTimes(times)).toEqual({ frames: 1000, duration_s: 4.1, avg_fps: 243.9, p1_fps: 250, p01_fps: 100, stutters: 10 });
	});

	test('the median of an even count is the mean of the middle two; stutters are frames over twice it', () => {
		// median (5 + 7) / 2 = 6: 12.5 is a stutter, 11 is not (the lower middle, 5, would make both stutters; the upper, 7, neither).
		expect(summarizeFrameTimes(Float64Array.from([12.5, 4, 11, 5, 4, 7])).stutters).toBe(1);
	});

	test('nearest rank uses integer arithmetic (0.999 x 1000 is 999, not 1000)', () => {
		const sorted = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
		expect(nearestRank(sorted, 999)).toBe(999);
		expect(nearestRank(sorted, 990)).toBe(990);
		expect(nearestRank(Float64Array.from([7]), 999)).toBe(7);
	});
});
