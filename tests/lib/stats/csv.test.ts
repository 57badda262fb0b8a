import { describe, expect, test } from 'vitest';
import { csvField, statsCsv, toCsv } from '../../../src/lib/stats/csv.ts';
import { emptyDay, totalsOf } from '../../../src/lib/stats/metrics.ts';
import { statsWindow } from '../../../src/lib/stats/period.ts';

describe('csvField', () => {
	test.each([
		['plain', 'plain'],
		['a,b', '"a,b"'],
		['say "hi"', '"say ""hi"""'],
		['two\nlines', '"two\nlines"'],
		['cr\rhere', '"cr\rhere"'],
		[' padded ', '" padded "'],
		['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
		['+1', "'+1"],
		['-2+3', "'-2+3"],
		['@SUM(A1)', "'@SUM(A1)"],
		['\tTab', "'\tTab"],
		['', ''],
		[42, '42'],
		[-3.5, '-3.5'],
		[Number.NaN, ''],
		[null, '']
	] as const)('%j -> %j', (cell, expected) => {
		expect(csvField(cell)).toBe(expected);
	});
});

describe('toCsv', () => {
	test('rows end with CRLF, including the last', () => {
		expect(
			toCsv([
				['a', 1],
				['b', null]
			])
		).toBe('a,1\r\nb,\r\n');
	});
});

describe('statsCsv', () => {
	test('one row per day in order, revenue in AED, no average without reviews, package names made safe', () => {
		const window = statsWindow(7, new Date('2026-06-15T12:00:00Z'));
		const days = window.dates.map((date) => emptyDay(date));
		Object.assign(days[6]!, { bookings: 2, revenueFils: 35_910, reviews: 2, ratingSum: 17, packages: new Map([['evil', 2]]) });
		const packages = [{ code: 'evil', name: '=cmd|"/c calc"!A1', sortOrder: 1 }];
		const csv = statsCsv({
			window,
			conversionWindowDays: 14,
			days,
			totals: totalsOf(days, packages),
			packages,
			openTickets: 0,
			unreachableMembers: 0,
			measuredGain: null
		});
		const lines = csv.split('\r\n');
		expect(lines[0]).toBe(
			'date,new_members,diagnostics,quick_assessments,bookings,completions,no_shows,revenue_aed,reviews,average_rating,diagnosed_members,booked_within_window,most_booked_package'
		);
		expect(lines).toHaveLength(1 + 7 + 1);
		expect(lines[1]).toBe('2026-06-09,0,0,0,0,0,0,0,0,,0,0,');
		expect(lines[7]).toBe('2026-06-15,0,0,0,2,0,0,359.1,2,8.5,0,0,"\'=cmd|""/c calc""!A1"');
	});
});
