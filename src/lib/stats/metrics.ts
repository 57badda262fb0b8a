import type { StatsWindow } from './period.ts';

/**
 * What `/stats` reports, and how each figure is defined (the embed's footer and the README repeat this):
 * - new members: members the bot first met in the period (members.created_at);
 * - diagnostics / quick assessments: submitted in the period;
 * - bookings: Calendly bookings made in the period, reschedules not counted again (replaces_booking_id is null);
 * - completions / no-shows: sessions that were due in the period (starts_at) and were marked so;
 * - revenue: paid_aed of those completed sessions whose payment_status is 'paid', in AED;
 * - most booked package: among the period's bookings;
 * - average rating: testimonials (1-10) submitted in the period, whatever their review status;
 * - conversion diagnostic -> booking: of the members who submitted a diagnostic or a quick assessment in the period,
 *   the share who made a booking within CONVERSION_WINDOW_DAYS days after their first submission in the period
 *   (bookings made up to now: the latest submissions may still convert);
 * - open tickets and members unreachable by DM (DMs closed, still in the server): now, not for the period.
 */
export const CONVERSION_WINDOW_DAYS = 14;

/** The counts each day has and the period adds up. */
export interface StatsCounts {
	newMembers: number;
	diagnostics: number;
	quickAssessments: number;
	bookings: number;
	completions: number;
	noShows: number;
	/** Revenue in fils (AED / 100), to add up exactly. */
	revenueFils: number;
	reviews: number;
	/** Members whose first diagnostic or quick assessment in the period fell on this day (totals: in the period). */
	diagnosedMembers: number;
	/** Of those, the members who booked within the conversion window. */
	convertedMembers: number;
}

const COUNT_KEYS = [
	'newMembers',
	'diagnostics',
	'quickAssessments',
	'bookings',
	'completions',
	'noShows',
	'revenueFils',
	'reviews',
	'diagnosedMembers',
	'convertedMembers'
] as const satisfies readonly (keyof StatsCounts)[];

export interface DailyStats extends StatsCounts {
	/** YYYY-MM-DD in the stats timezone. */
	date: string;
	ratingSum: number;
	/** Bookings made this day, by package code (null: package unknown). */
	packages: Map<string | null, number>;
}

export interface PackageName {
	code: string;
	name: string;
	sortOrder: number;
}

export interface TopPackage {
	code: string;
	name: string;
	bookings: number;
}

export interface StatsTotals extends StatsCounts {
	/** Mean rating (1-10), or null without reviews. */
	averageRating: number | null;
	/** convertedMembers / diagnosedMembers (0-1), or null when nobody was diagnosed. */
	conversionRate: number | null;
	topPackage: TopPackage | null;
}

/** Each count of `rows` added up (no rows: all zero). */
function countsOf(rows: readonly StatsCounts[]): StatsCounts {
	const counts = {} as StatsCounts;
	for (const key of COUNT_KEYS) counts[key] = rows.reduce((total, row) => total + row[key], 0);
	return counts;
}

export interface StatsReport {
	window: StatsWindow;
	conversionWindowDays: number;
	days: DailyStats[];
	totals: StatsTotals;
	/** The package catalogue the names come from. */
	packages: PackageName[];
	openTickets: number;
	unreachableMembers: number;
	/** Median measured gain in per cent over the window's completed sessions with both captures; null when none. */
	measuredGain: { sessions: number; avgPercent: number; lowPercent: number } | null;
}

export function emptyDay(date: string): DailyStats {
	return { date, ...countsOf([]), ratingSum: 0, packages: new Map() };
}

/** The package booked most often in `counts`; ties go to the catalogue's order, then the code. Unknown codes keep their code as name. */
export function topPackageOf(counts: ReadonlyMap<string | null, number>, catalogue: readonly PackageName[]): TopPackage | null {
	const byCode = new Map(catalogue.map((entry) => [entry.code, entry]));
	let best: TopPackage | null = null;
	let bestOrder = Number.POSITIVE_INFINITY;
	for (const [code, bookings] of counts) {
		if (code === null || bookings <= 0) continue;
		const entry = byCode.get(code);
		const order = entry?.sortOrder ?? Number.POSITIVE_INFINITY;
		const better =
			!best || bookings > best.bookings || (bookings === best.bookings && (order < bestOrder || (order === bestOrder && code < best.code)));
		if (better) {
			best = { code, name: entry?.name ?? code, bookings };
			bestOrder = order;
		}
	}
	return best;
}

/** Adds the days up: every total is the sum of the daily rows, so the export and the embed always agree. */
export function totalsOf(days: readonly DailyStats[], catalogue: readonly PackageName[]): StatsTotals {
	const counts = countsOf(days);
	const packages = new Map<string | null, number>();
	for (const day of days) for (const [code, count] of day.packages) packages.set(code, (packages.get(code) ?? 0) + count);
	const ratingSum = days.reduce((total, day) => total + day.ratingSum, 0);
	return {
		...counts,
		averageRating: counts.reviews === 0 ? null : ratingSum / counts.reviews,
		conversionRate: counts.diagnosedMembers === 0 ? null : counts.convertedMembers / counts.diagnosedMembers,
		topPackage: topPackageOf(packages, catalogue)
	};
}
