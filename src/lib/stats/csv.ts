import { topPackageOf, type StatsReport } from './metrics.ts';

export type CsvCell = string | number | null;

/** Cells a spreadsheet would run as a formula start with one of these (OWASP "CSV injection"). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): text that a spreadsheet would read as a formula gets a leading apostrophe, and a field
 * with a comma, quote, line break or surrounding space is quoted with its quotes doubled. Numbers are written as they
 * are (only finite ones; anything else is left empty).
 */
export function csvField(cell: CsvCell): string {
	if (cell === null) return '';
	if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
	const safe = formulaStart.test(cell) ? `'${cell}` : cell;
	return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows joined with CRLF, ending with one. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
	return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Stable column names, for spreadsheets and scripts. */
export const STATS_CSV_COLUMNS = [
	'date',
	'new_members',
	'diagnostics',
	'quick_assessments',
	'bookings',
	'completions',
	'no_shows',
	'revenue_aed',
	'reviews',
	'average_rating',
	'diagnosed_members',
	'booked_within_window',
	'most_booked_package'
] as const;

const fixed2 = (value: number) => Number(value.toFixed(2));

/** One row per day of the report's window (days without activity included), oldest first. */
export function statsCsv(report: StatsReport): string {
	const rows: CsvCell[][] = [[...STATS_CSV_COLUMNS]];
	for (const day of report.days) {
		rows.push([
			day.date,
			day.newMembers,
			day.diagnostics,
			day.quickAssessments,
			day.bookings,
			day.completions,
			day.noShows,
			fixed2(day.revenueFils / 100),
			day.reviews,
			day.reviews === 0 ? null : fixed2(day.ratingSum / day.reviews),
			day.diagnosedMembers,
			day.convertedMembers,
			topPackageOf(day.packages, report.packages)?.name ?? null
		]);
	}
	return toCsv(rows);
}
