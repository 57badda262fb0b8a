import { describe, expect, test } from 'vitest';
import { emptyDay, topPackageOf, totalsOf, type DailyStats } from '../../../src/lib/stats/metrics.ts';

const catalogue = [
	{ code: 'quick', name: 'Quick Fix', sortOrder: 1 },
	{ code: 'full', name: 'Full Tune-Up', sortOrder: 2 },
	{ code: 'extreme', name: 'Extreme BIOSPRIME', sortOrder: 3 }
];

function day(date: string, values: Partial<Omit<DailyStats, 'date'>>): DailyStats {
	return { ...emptyDay(date), ...values };
}

describe('topPackageOf', () => {
	test.each([
		[
			'the most bookings wins',
			[
				['full', 3],
				['quick', 2]
			],
			{ code: 'full', name: 'Full Tune-Up', bookings: 3 }
		],
		[
			'a tie goes to the catalogue order',
			[
				['full', 2],
				['quick', 2]
			],
			{ code: 'quick', name: 'Quick Fix', bookings: 2 }
		],
		[
			'bookings without a package never win',
			[
				[null, 9],
				['extreme', 1]
			],
			{ code: 'extreme', name: 'Extreme BIOSPRIME', bookings: 1 }
		],
		[
			'a code missing from the catalogue keeps its code',
			[
				['legacy', 4],
				['full', 1]
			],
			{ code: 'legacy', name: 'legacy', bookings: 4 }
		],
		['nothing booked: no package', [], null],
		['only unknown packages: no package', [[null, 3]], null]
	] as const)('%s', (_name, counts, expected) => {
		expect(topPackageOf(new Map(counts as readonly [string | null, number][]), catalogue)).toEqual(expected);
	});
});

describe('totalsOf', () => {
	test('sums the days, averages the ratings over reviews and the conversion over diagnosed members', () => {
		const days = [
			day('2026-06-14', {
				newMembers: 2,
				bookings: 3,
				revenueFils: 39_900,
				reviews: 2,
				ratingSum: 17,
				diagnosedMembers: 4,
				convertedMembers: 1,
				packages: new Map([
					['full', 2],
					['quick', 1]
				])
			}),
			day('2026-06-15', {
				newMembers: 1,
				noShows: 1,
				completions: 2,
				revenueFils: 19_910,
				reviews: 1,
				ratingSum: 10,
				diagnosedMembers: 1,
				convertedMembers: 1,
				packages: new Map([['quick', 2]])
			})
		];
		const totals = totalsOf(days, catalogue);
		expect(totals).toMatchObject({
			newMembers: 3,
			bookings: 3,
			completions: 2,
			noShows: 1,
			revenueFils: 59_810,
			reviews: 3,
			diagnosedMembers: 5,
			convertedMembers: 2
		});
		expect(totals.averageRating).toBeCloseTo(9, 10);
		expect(totals.conversionRate).toBeCloseTo(0.4, 10);
		expect(totals.topPackage).toEqual({ code: 'quick', name: 'Quick Fix', bookings: 3 });
	});

	test('no reviews and nobody diagnosed give no average and no rate, not zero', () => {
		const totals = totalsOf([day('2026-06-15', { newMembers: 1 })], catalogue);
		expect(totals.averageRating).toBeNull();
		expect(totals.conversionRate).toBeNull();
		expect(totals.topPackage).toBeNull();
	});
});
