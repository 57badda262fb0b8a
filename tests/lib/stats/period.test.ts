import { describe, expect, test } from 'vitest';
import { isStatsPeriod, statsWindow } from '../../../src/lib/stats/period.ts';

describe('statsWindow', () => {
	test.each([
		// now (UTC), days, first day, first instant (UTC), last day
		['2026-06-15T12:00:00Z', 7, '2026-06-09', '2026-06-08T20:00:00.000Z', '2026-06-15'],
		['2026-06-15T19:59:59Z', 7, '2026-06-09', '2026-06-08T20:00:00.000Z', '2026-06-15'],
		['2026-06-15T20:00:00Z', 7, '2026-06-10', '2026-06-09T20:00:00.000Z', '2026-06-16'], // midnight in Dubai
		['2026-03-01T08:00:00Z', 30, '2026-01-31', '2026-01-30T20:00:00.000Z', '2026-03-01'],
		['2026-06-15T12:00:00Z', 90, '2026-03-18', '2026-03-17T20:00:00.000Z', '2026-06-15']
	] as const)('at %s the last %i days run from %s (%s) to %s', (now, days, first, from, last) => {
		const window = statsWindow(days, new Date(now));
		expect(window.dates).toHaveLength(days);
		expect(window.dates[0]).toBe(first);
		expect(window.dates.at(-1)).toBe(last);
		expect(window.from.toISOString()).toBe(from);
		expect(window.to.toISOString()).toBe(new Date(now).toISOString());
		expect(window.dayStarts[0]).toEqual(window.from);
	});

	test("day starts follow the zone's own midnight, also across a DST change", () => {
		const window = statsWindow(7, new Date('2026-03-31T12:00:00Z'), 'Europe/Berlin');
		expect(window.dayStarts.map((start) => start.toISOString())).toEqual([
			'2026-03-24T23:00:00.000Z',
			'2026-03-25T23:00:00.000Z',
			'2026-03-26T23:00:00.000Z',
			'2026-03-27T23:00:00.000Z',
			'2026-03-28T23:00:00.000Z',
			'2026-03-29T22:00:00.000Z',
			'2026-03-30T22:00:00.000Z'
		]);
	});

	test.each([
		[7, true],
		[30, true],
		[90, true],
		[14, false],
		['30', false],
		[null, false]
	])('%s is a period: %s', (value, expected) => {
		expect(isStatsPeriod(value)).toBe(expected);
	});
});
