import { beforeAll, describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { loadStatsReport } from '../../src/lib/data/stats.ts';
import { statsCsv } from '../../src/lib/stats/csv.ts';
import type { StatsPeriod } from '../../src/lib/stats/period.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

/**
 * A small business whose every figure is known. "Now" is 2026-06-15 12:00 UTC (16:00 in Dubai), so the 7-day window
 * starts 2026-06-09 00:00 Dubai (2026-06-08 20:00 UTC), the 30-day one 2026-05-17 and the 90-day one 2026-03-18.
 */
const NOW = new Date('2026-06-15T12:00:00Z');

async function member(
	db: Queryable,
	createdAt: string,
	extra: { dm?: 'open' | 'closed'; left?: boolean; anonymized?: boolean } = {}
): Promise<string> {
	const row = await make.member(db, {
		created_at: createdAt,
		dm_status: extra.dm ?? 'unknown',
		left_at: extra.left ? createdAt : null,
		anonymized_at: extra.anonymized ? createdAt : null
	});
	return row.id;
}

async function diagnostic(db: Queryable, memberId: string, createdAt: string): Promise<void> {
	await make.diagnostic(db, { member_id: memberId, generated_at: createdAt, critical_count: 1, warning_count: 2, created_at: createdAt });
}

async function quickAssessment(db: Queryable, memberId: string, createdAt: string): Promise<void> {
	await make.quickAssessment(db, { member_id: memberId, created_at: createdAt });
}

interface BookingSeed {
	member: string | null;
	createdAt: string;
	startsAt: string;
	packageCode: string | null;
	status?: 'scheduled' | 'canceled' | 'rescheduled' | 'completed' | 'no_show';
	paidAed?: number;
	replaces?: string;
}

async function booking(db: Queryable, seed: BookingSeed): Promise<string> {
	const row = await make.booking(db, {
		member_id: seed.member,
		package_code: seed.packageCode,
		status: seed.status ?? 'scheduled',
		starts_at: seed.startsAt,
		price_aed: 699,
		payment_status: seed.paidAed === undefined ? 'unpaid' : 'paid',
		paid_aed: seed.paidAed ?? null,
		replaces_booking_id: seed.replaces ?? null,
		needs_staff_review: seed.member === null,
		created_at: seed.createdAt
	});
	return row.id;
}

async function review(db: Queryable, bookingId: string, memberId: string, rating: number, createdAt: string, status = 'pending'): Promise<void> {
	await make.testimonial(db, { booking_id: bookingId, member_id: memberId, rating, status, created_at: createdAt });
}

async function ticket(db: Queryable, memberId: string, open: boolean): Promise<void> {
	await make.ticket(db, { member_id: memberId, status: open ? 'open' : 'closed' });
}

async function seed(db: Queryable): Promise<void> {
	const a = await member(db, '2026-06-15T08:00:00Z', { dm: 'closed' }); // today
	const b = await member(db, '2026-06-08T21:00:00Z', { dm: 'closed' }); // 2026-06-09 01:00 Dubai: first day of the 7-day window
	const c = await member(db, '2026-06-08T19:30:00Z'); // 2026-06-08 23:30 Dubai: just before it
	const d = await member(db, '2026-04-01T10:00:00Z', { dm: 'closed', left: true });
	await member(db, '2026-01-01T10:00:00Z', { dm: 'closed', anonymized: true });
	await member(db, '2026-06-15T13:00:00Z'); // after "now"
	const g = await member(db, '2026-05-01T10:00:00Z');
	const h = await member(db, '2026-06-03T10:00:00Z');
	const i = await member(db, '2026-06-11T10:00:00Z');

	// A: two diagnostics today, booked two hours after the first (converted).
	await diagnostic(db, a, '2026-06-15T09:00:00Z');
	await diagnostic(db, a, '2026-06-15T10:00:00Z');
	await booking(db, { member: a, createdAt: '2026-06-15T11:00:00Z', startsAt: '2026-06-20T10:00:00Z', packageCode: 'full' });
	// B: quick assessment, booked an hour later, rescheduled; the new booking (not counted again) was completed and paid.
	await quickAssessment(db, b, '2026-06-10T10:00:00Z');
	const old = await booking(db, {
		member: b,
		createdAt: '2026-06-10T11:00:00Z',
		startsAt: '2026-06-11T10:00:00Z',
		packageCode: 'full',
		status: 'rescheduled'
	});
	const moved = await booking(db, {
		member: b,
		createdAt: '2026-06-10T12:00:00Z',
		startsAt: '2026-06-12T10:00:00Z',
		packageCode: 'full',
		status: 'completed',
		paidAed: 359.1,
		replaces: old
	});
	await review(db, moved, b, 9, '2026-06-13T10:00:00Z');
	// C: diagnosed and booked in the 30-day window; a no-show although paid in advance (not revenue).
	await diagnostic(db, c, '2026-06-01T10:00:00Z');
	await booking(db, {
		member: c,
		createdAt: '2026-06-02T10:00:00Z',
		startsAt: '2026-06-05T10:00:00Z',
		packageCode: 'extreme',
		status: 'no_show',
		paidAed: 699
	});
	// H: diagnosed, never booked.
	await diagnostic(db, h, '2026-06-03T10:00:00Z');
	// I: booked before diagnosing (not a conversion).
	await booking(db, { member: i, createdAt: '2026-06-11T10:00:00Z', startsAt: '2026-06-18T10:00:00Z', packageCode: 'full' });
	await diagnostic(db, i, '2026-06-12T10:00:00Z');
	// D: diagnosed in April, booked the next day (converted, unpaid) and again later (paid); two reviews, one rejected.
	await diagnostic(db, d, '2026-04-02T10:00:00Z');
	const early = await booking(db, {
		member: d,
		createdAt: '2026-04-03T10:00:00Z',
		startsAt: '2026-04-05T10:00:00Z',
		packageCode: 'quick',
		status: 'completed'
	});
	const later = await booking(db, {
		member: d,
		createdAt: '2026-04-30T10:00:00Z',
		startsAt: '2026-05-02T10:00:00Z',
		packageCode: 'quick',
		status: 'completed',
		paidAed: 199
	});
	await review(db, early, d, 6, '2026-04-06T10:00:00Z', 'approved');
	await review(db, later, d, 10, '2026-05-03T10:00:00Z', 'rejected');
	// G: quick assessment in May, booked 19 days later (outside the 14-day conversion window).
	await quickAssessment(db, g, '2026-05-01T10:00:00Z');
	await booking(db, { member: g, createdAt: '2026-05-20T10:00:00Z', startsAt: '2026-06-25T10:00:00Z', packageCode: 'full' });
	// Bookings without a member or a package, and a canceled one: still bookings made.
	await booking(db, { member: null, createdAt: '2026-06-14T10:00:00Z', startsAt: '2026-06-16T10:00:00Z', packageCode: 'quick' });
	await booking(db, { member: null, createdAt: '2026-06-13T10:00:00Z', startsAt: '2026-06-16T12:00:00Z', packageCode: null });
	await booking(db, { member: i, createdAt: '2026-06-12T09:00:00Z', startsAt: '2026-06-13T10:00:00Z', packageCode: 'extreme', status: 'canceled' });
	// Old history outside every window.
	await diagnostic(db, d, '2026-01-10T10:00:00Z');
	await booking(db, {
		member: d,
		createdAt: '2026-01-11T10:00:00Z',
		startsAt: '2026-01-12T10:00:00Z',
		packageCode: 'extreme',
		status: 'completed',
		paidAed: 699
	});

	await ticket(db, a, true);
	await ticket(db, b, false);
	await ticket(db, c, true);
}

const expected: Record<StatsPeriod, Record<string, unknown>> = {
	7: {
		newMembers: 3,
		diagnostics: 3,
		quickAssessments: 1,
		bookings: 6,
		completions: 1,
		noShows: 0,
		revenueFils: 35_910,
		reviews: 1,
		averageRating: 9,
		diagnosedMembers: 3,
		convertedMembers: 2,
		topPackage: { code: 'full', name: 'Full Tune-Up', bookings: 3 }
	},
	30: {
		newMembers: 5,
		diagnostics: 5,
		quickAssessments: 1,
		bookings: 8,
		completions: 1,
		noShows: 1,
		revenueFils: 35_910,
		reviews: 1,
		averageRating: 9,
		diagnosedMembers: 5,
		convertedMembers: 3,
		topPackage: { code: 'full', name: 'Full Tune-Up', bookings: 4 }
	},
	90: {
		newMembers: 7,
		diagnostics: 6,
		quickAssessments: 2,
		bookings: 10,
		completions: 3,
		noShows: 1,
		revenueFils: 55_810,
		reviews: 3,
		averageRating: 25 / 3,
		diagnosedMembers: 7,
		convertedMembers: 4,
		topPackage: { code: 'full', name: 'Full Tune-Up', bookings: 4 }
	}
};

describe.each(databaseTargets())('/stats queries on $name', (target) => {
	const database = useMigratedDatabase(target);

	beforeAll(async () => {
		await seed(database.db);
	});

	test.each([7, 30, 90] as const)('the last %i days add up to the seeded business', async (days) => {
		const report = await loadStatsReport(database.db, days, NOW);
		const { conversionRate, averageRating, ...rest } = report.totals;
		const { averageRating: expectedRating, ...expectedRest } = expected[days];
		expect(rest).toEqual(expectedRest);
		expect(averageRating).toBeCloseTo(expectedRating as number, 10);
		expect(conversionRate).toBeCloseTo((expected[days].convertedMembers as number) / (expected[days].diagnosedMembers as number), 10);
		expect(report.openTickets).toBe(2);
		expect(report.unreachableMembers).toBe(2);
		expect(report.days).toHaveLength(days);
		expect(report.days.at(-1)?.date).toBe('2026-06-15');
	});

	test('days are Dubai days: 01:00 in Dubai belongs to that day, 23:30 the evening before to the previous one', async () => {
		const week = await loadStatsReport(database.db, 7, NOW);
		expect(week.window.from.toISOString()).toBe('2026-06-08T20:00:00.000Z');
		expect(week.days[0]).toMatchObject({ date: '2026-06-09', newMembers: 1 });
		const month = await loadStatsReport(database.db, 30, NOW);
		expect(month.days.find((day) => day.date === '2026-06-08')).toMatchObject({ newMembers: 1 });
		expect(month.days.find((day) => day.date === '2026-06-12')).toMatchObject({ completions: 1, revenueFils: 35_910, diagnostics: 1 });
	});

	test('the CSV export has one row per day whose columns add up to the totals', async () => {
		const report = await loadStatsReport(database.db, 30, NOW);
		const [header, ...rows] = statsCsv(report)
			.trimEnd()
			.split('\r\n')
			.map((line) => line.split(','));
		expect(rows).toHaveLength(30);
		const column = (name: string) => rows.map((row) => row[header!.indexOf(name)]!);
		const total = (name: string) => column(name).reduce((sum, cell) => sum + Number(cell), 0);
		expect(total('new_members')).toBe(5);
		expect(total('bookings')).toBe(8);
		expect(total('revenue_aed')).toBeCloseTo(359.1, 6);
		expect(total('diagnosed_members')).toBe(5);
		expect(total('booked_within_window')).toBe(3);
		expect(column('date')[0]).toBe('2026-05-17');
		expect(rows.find((row) => row[0] === '2026-06-15')?.[header!.indexOf('most_booked_package')]).toBe('Full Tune-Up');
	});

	test('an empty period reports zeros and no averages, without failing', async () => {
		const report = await loadStatsReport(database.db, 7, new Date('2025-01-01T00:00:00Z'));
		expect(report.totals).toMatchObject({
			newMembers: 0,
			bookings: 0,
			averageRating: null,
			conversionRate: null,
			topPackage: null,
			revenueFils: 0
		});
	});
	test('the measured gain is the median over completed sessions with both captures, for the average and the 1% low', async () => {
		const { db } = database;
		const now = new Date('2025-03-01T12:00:00Z');
		expect((await loadStatsReport(db, 30, now)).measuredGain).toBeNull();
		const session = async (status: string, startsAt: string, before: [number, number] | null, after: [number, number] | null) => {
			const memberId = await member(db, '2024-01-01T00:00:00Z');
			const booking = await make.booking(db, { member_id: memberId, status, starts_at: startsAt, created_at: '2024-01-01T00:00:00Z' });
			const capture = (phase: string, [avg, low]: [number, number], bookingId: string | null, at: string) =>
				make.capture(db, { member_id: memberId, booking_id: bookingId, phase, avg_fps: avg, p1_fps: low, p01_fps: low, created_at: at });
			if (before) await capture('before', before, null, '2024-12-01T00:00:00Z');
			if (after) await capture('after', after, booking.id, startsAt);
		};
		await session('completed', '2025-02-20T10:00:00Z', [200, 100], [250, 150]); // +25%, +50%
		await session('completed', '2025-02-21T10:00:00Z', [100, 50], [110, 60]); // +10%, +20%
		await session('completed', '2025-02-22T10:00:00Z', [300, 100], [390, 130]); // +30%, +30%
		await session('completed', '2025-02-23T10:00:00Z', [300, 100], null); // no after run
		await session('no_show', '2025-02-24T10:00:00Z', [100, 50], [300, 300]); // not a session delivered
		await session('completed', '2025-01-02T10:00:00Z', [100, 50], [300, 300]); // before the window
		expect((await loadStatsReport(db, 30, now)).measuredGain).toEqual({ sessions: 3, avgPercent: 25, lowPercent: 30 });
	});
});
