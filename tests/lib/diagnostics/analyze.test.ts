import { describe, expect, test } from 'vitest';
import type { Recommendation, RuleId } from '../../../src/lib/diagnostics/index.ts';
import { accepted, fixture } from './build.ts';

/** Files as Windows PowerShell 5.1 and PowerShell 7 really write them (see tests/fixtures/diagnostics/README.md). */
describe('diagnostic files from real PowerShell versions', () => {
	test.each<[string, Recommendation, RuleId[], Partial<Record<string, unknown>>]>([
		[
			'ps51-out-file-utf16le.json',
			'extreme',
			[
				'ram_xmp_off',
				'refresh_rate_low',
				'gpu_driver_very_old',
				'power_plan',
				'game_dvr_on',
				'low_disk',
				'startup_apps',
				'mouse_acceleration_on',
				'wifi_connection'
			],
			{ generated_at: '2025-01-12T10:00:00.000Z', gpus: ['NVIDIA GeForce GTX 1660 SUPER'], ram_gb: 16 }
		],
		[
			'ps7-utf8.json',
			'quick',
			['gpu_driver_old', 'memory_integrity_on'],
			{ generated_at: '2026-01-12T10:00:00.123Z', cpu: 'AMD Ryzen 7 7800X3D 8-Core Processor' }
		],
		['ps51-set-content-utf8-bom.json', 'good', [], { os: 'Microsoft Windows 11 Home', gpus: ['AMD Radeon RX 7800 XT'] }],
		['ps51-big-endian-utf16be.json', 'full', ['ram_single_channel'], { generated_at: '2025-01-12T10:00:00.000Z' }],
		[
			'ansi-resaved-windows-1252.json',
			'full',
			['power_plan', 'game_mode_off', 'low_ram'],
			{ gpus: ['AMD Radeon\u2122 RX 6700 XT'], cpu: 'AMD Ryzen\u00ae 5 5600X' }
		],
		[
			'script-output.json',
			'extreme',
			[
				'ram_xmp_off',
				'refresh_rate_low',
				'gpu_driver_very_old',
				'power_plan',
				'game_dvr_on',
				'memory_integrity_on',
				'low_disk',
				'startup_apps',
				'mouse_acceleration_on'
			],
			{ tool_version: '1.0.0', os: 'Microsoft Windows 11 Pro' }
		]
	])('%s -> %s', (name, recommendation, findings, facts) => {
		const result = accepted(fixture(name));
		expect(result.recommendation).toBe(recommendation);
		expect(result.findings.map((finding) => finding.id)).toEqual(findings);
		expect(result.facts).toMatchObject(facts);
	});

	test('the 5.1 file names the GPU and the driver age in days', () => {
		const result = accepted(fixture('ps51-out-file-utf16le.json'));
		expect(result.findings.find((finding) => finding.id === 'gpu_driver_very_old')?.details).toEqual({
			gpu: 'NVIDIA GeForce GTX 1660 SUPER',
			days: 1778,
			driver_date: '2020-03-01',
			driver_version: '26.21.14.4250'
		});
	});
});
