import { CONVERSION_WINDOW_DAYS, emptyDay, totalsOf, type DailyStats, type StatsReport } from '../stats/metrics.ts';
import { statsWindow, type StatsPeriod } from '../stats/period.ts';
import {
	BOOKINGS_BY_DAY_AND_PACKAGE,
	CONVERSION_BY_DAY,
	CURRENT_FIGURES,
	DIAGNOSTICS_BY_DAY,
	MEASURED_GAINS,
	NEW_MEMBERS_BY_DAY,
	PACKAGE_NAMES,
	QUICK_ASSESSMENTS_BY_DAY,
	REVIEWS_BY_DAY,
	SESSIONS_BY_DAY
} from './stats-queries.ts';
import type { Queryable } from './db.ts';

type DayRow = { day: number } & Record<string, unknown>;

/**
 * The whole `/stats` report for the last `days` days: the statements run side by side (a pool runs them in parallel;
 * PGlite one after another), then every daily row is filled in, and the totals are the sums of the days.
 */
export async function loadStatsReport(db: Queryable, days: StatsPeriod, now: Date = new Date()): Promise<StatsReport> {
	const window = statsWindow(days, now);
	const range = [window.from, window.to, window.dayStarts.map((start) => start.toISOString())];
	const [members, diagnostics, quick, bookings, sessions, reviews, conversion, current, packages, gains] = await Promise.all([
		db.query<DayRow>(NEW_MEMBERS_BY_DAY, range),
		db.query<DayRow>(DIAGNOSTICS_BY_DAY, range),
		db.query<DayRow>(QUICK_ASSESSMENTS_BY_DAY, range),
		db.query<DayRow>(BOOKINGS_BY_DAY_AND_PACKAGE, range),
		db.query<DayRow>(SESSIONS_BY_DAY, range),
		db.query<DayRow>(REVIEWS_BY_DAY, range),
		db.query<DayRow>(CONVERSION_BY_DAY, [...range, CONVERSION_WINDOW_DAYS]),
		db.query<{ open_tickets: number; unreachable: number }>(CURRENT_FIGURES),
		db.query<{ code: string; name: string; sort_order: number }>(PACKAGE_NAMES),
		db.query<{ sessions: number; avg_gain: number | null; low_gain: number | null }>(MEASURED_GAINS, range.slice(0, 2))
	]);

	const daily = window.dates.map((date) => emptyDay(date));
	/** Rows carry the day's number in the window (1 = the first day). */
	const each = (rows: DayRow[], apply: (day: DailyStats, row: DayRow) => void) => {
		for (const row of rows) {
			const day = daily[Number(row.day) - 1];
			if (day) apply(day, row);
		}
	};
	each(members, (day, row) => (day.newMembers = Number(row.n)));
	each(diagnostics, (day, row) => (day.diagnostics = Number(row.n)));
	each(quick, (day, row) => (day.quickAssessments = Number(row.n)));
	each(bookings, (day, row) => {
		const count = Number(row.n);
		day.bookings += count;
		day.packages.set((row.package_code as string | null) ?? null, count);
	});
	each(sessions, (day, row) => {
		day.completions = Number(row.completions);
		day.noShows = Number(row.no_shows);
		day.revenueFils = Number(row.revenue_fils);
	});
	each(reviews, (day, row) => {
		day.reviews = Number(row.reviews);
		day.ratingSum = Number(row.rating_sum);
	});
	each(conversion, (day, row) => {
		day.diagnosedMembers = Number(row.diagnosed);
		day.convertedMembers = Number(row.converted);
	});

	const catalogue = packages.map((row) => ({ code: row.code, name: row.name, sortOrder: Number(row.sort_order) }));
	return {
		window,
		conversionWindowDays: CONVERSION_WINDOW_DAYS,
		days: daily,
		totals: totalsOf(daily, catalogue),
		packages: catalogue,
		openTickets: Number(current[0]?.open_tickets ?? 0),
		unreachableMembers: Number(current[0]?.unreachable ?? 0),
		measuredGain: measuredGain(gains[0])
	};
}

function measuredGain(row: { sessions: number; avg_gain: number | null; low_gain: number | null } | undefined): StatsReport['measuredGain'] {
	const sessions = Number(row?.sessions ?? 0);
	if (sessions === 0 || row?.avg_gain === null || row?.low_gain === null || !row) return null;
	return { sessions, avgPercent: Math.round(Number(row.avg_gain)), lowPercent: Math.round(Number(row.low_gain)) };
}
