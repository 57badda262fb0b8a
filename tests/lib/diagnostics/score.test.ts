import { describe, expect, test } from 'vitest';
import { recommend, type Recommendation } from '../../../src/lib/diagnostics/index.ts';
import { analyze, daysBefore, diagnostic } from './build.ts';

describe("the owner's scoring", () => {
	test.each<[number, number, Recommendation]>([
		[0, 0, 'good'],
		[0, 1, 'quick'],
		[0, 2, 'quick'],
		[0, 3, 'full'],
		[0, 9, 'full'],
		[1, 0, 'full'],
		[1, 2, 'full'],
		[1, 9, 'full'],
		[2, 0, 'extreme'],
		[3, 9, 'extreme']
	])('%i critical and %i warnings -> %s', (critical, warnings, expected) => {
		expect(recommend(critical, warnings)).toBe(expected);
	});
});

/** Sections that fire exactly the named rules. */
const critical = {
	xmp: { memory: { modules: 2, speed_mhz: 2133, rated_speed_mhz: 3200, total_gb: 16 } },
	refresh: { displays: [{ primary: true, current_hz: 60, max_hz: 144 }] }
};
const warning = {
	plan: { power_plan: 'Balanced' },
	dvr: { game_dvr: true },
	integrity: { memory_integrity: true }
};

describe('scoring through the analyzer', () => {
	test.each<[string, Record<string, unknown>, Recommendation, number, number]>([
		['nothing wrong', { memory: { modules: 2, total_gb: 32 }, os: { power_plan: 'High performance' } }, 'good', 0, 0],
		['one warning', { os: { ...warning.plan } }, 'quick', 0, 1],
		['two warnings', { os: { ...warning.plan, ...warning.dvr } }, 'quick', 0, 2],
		['three warnings', { os: { ...warning.plan, ...warning.dvr, ...warning.integrity } }, 'full', 0, 3],
		['one critical', critical.xmp, 'full', 1, 0],
		['one critical and two warnings', { ...critical.xmp, os: { ...warning.plan, ...warning.dvr } }, 'full', 1, 2],
		['two critical', { ...critical.xmp, ...critical.refresh }, 'extreme', 2, 0]
	])('%s -> %s', (_situation, sections, recommendation, criticalCount, warnings) => {
		const result = analyze(diagnostic(sections));
		expect(result).toMatchObject({ recommendation, critical: criticalCount, warnings });
		expect(result.findings).toHaveLength(criticalCount + warnings);
	});

	test('findings are sorted critical first, then in the order of the rules table', () => {
		const result = analyze(
			diagnostic({
				startup_apps: 20,
				network: { connection: 'wifi' },
				gpus: [{ name: 'GTX 1060', driver_date: daysBefore(500) }],
				os: { power_plan: 'Balanced', game_mode: false },
				memory: { modules: 1, total_gb: 8, speed_mhz: 2133, rated_speed_mhz: 3200 }
			})
		);
		expect(result.findings.map((finding) => finding.id)).toEqual([
			'ram_xmp_off',
			'ram_single_channel',
			'gpu_driver_very_old',
			'power_plan',
			'game_mode_off',
			'low_ram',
			'startup_apps',
			'wifi_connection'
		]);
		expect(result).toMatchObject({ recommendation: 'extreme', critical: 3, warnings: 5 });
	});
});
