import { describe, expect, test } from 'vitest';
import { parseDiagnosticDate } from '../../../src/lib/diagnostics/dates.ts';
import { analyze, diagnostic, utf8, accepted } from './build.ts';

describe('dates as PowerShell writes them', () => {
	test.each([
		['5.1 /Date(ms)/ after JSON decoding', '/Date(1736640000000)/', '2025-01-12T00:00:00.000Z'],
		['5.1 \\/Date(ms)\\/ kept escaped', '\\/Date(1736640000000)\\/', '2025-01-12T00:00:00.000Z'],
		['/Date(ms)/ with a positive offset (ms are UTC)', '/Date(1736640000000+0400)/', '2025-01-12T00:00:00.000Z'],
		['/Date(ms)/ with a negative offset', '\\/Date(1736640000000-0500)\\/', '2025-01-12T00:00:00.000Z'],
		['/Date(ms)/ before 1970', '/Date(-86400000)/', '1969-12-31T00:00:00.000Z'],
		['ISO date only', '2024-03-01', '2024-03-01T00:00:00.000Z'],
		['ISO UTC', '2026-01-12T10:00:00Z', '2026-01-12T10:00:00.000Z'],
		['PowerShell 7 ISO with offset', '2025-01-12T04:00:00+04:00', '2025-01-12T00:00:00.000Z'],
		["ToString('o') with 7 fraction digits", '2026-01-12T10:00:00.1234567Z', '2026-01-12T10:00:00.123Z'],
		["ToString('o') local time with offset", '2026-01-12T14:00:00.1234567+04:00', '2026-01-12T10:00:00.123Z'],
		['ISO without zone is read as UTC', '2026-01-12T10:00:00', '2026-01-12T10:00:00.000Z'],
		['ISO without seconds', '2026-01-12T10:00Z', '2026-01-12T10:00:00.000Z'],
		['offset without colon', '2026-01-12T14:00:00+0400', '2026-01-12T10:00:00.000Z'],
		['WMI DMTF datetime', '20240301000000.000000-000', '2024-03-01T00:00:00.000Z'],
		['surrounding spaces', '  2024-03-01 ', '2024-03-01T00:00:00.000Z']
	])('%s: %s', (_form, text, iso) => {
		expect(parseDiagnosticDate(text)?.toISOString()).toBe(iso);
	});

	test.each(['', 'yesterday', '01/12/2026', '2026-13-45', '/Date(abc)/', 'Date(1736640000000)', '2026-01-12T25:00:00Z'])(
		'%j is not a date',
		(text) => {
			expect(parseDiagnosticDate(text)).toBeUndefined();
		}
	);

	test('the escaped \\/Date(ms)\\/ form in the JSON text itself is read', () => {
		const text =
			'{"schema":"fpsos-diagnostic/1","generated_at":"\\/Date(1736676000000)\\/","gpus":[{"name":"GTX 1660","driver_date":"\\/Date(1704067200000)\\/"}]}';
		const result = accepted(utf8(text));
		expect(result.facts.generated_at).toBe('2025-01-12T10:00:00.000Z');
		expect(result.findings).toEqual([
			{ id: 'gpu_driver_very_old', severity: 'critical', details: { gpu: 'GTX 1660', days: 377, driver_date: '2024-01-01' } }
		]);
	});

	test('generated_at as epoch milliseconds is read', () => {
		expect(analyze({ ...diagnostic({ startup_apps: 3 }), generated_at: 1736676000000 }).facts.generated_at).toBe('2025-01-12T10:00:00.000Z');
	});
});
