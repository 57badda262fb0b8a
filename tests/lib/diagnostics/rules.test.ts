import { describe, expect, test } from 'vitest';
import { RULE_IDS, RULES, type FindingDetails, type RuleId } from '../../../src/lib/diagnostics/index.ts';
import { analyze, daysBefore, diagnostic } from './build.ts';

type Expected = { fires: FindingDetails } | 'passes' | 'not evaluated';

/** Something every "not evaluated" case keeps, so the file is still a diagnostic. */
const other = { cpu: { name: 'AMD Ryzen 5 5600X' } };

const cases: [RuleId, string, Record<string, unknown>, Expected][] = [
	[
		'ram_xmp_off',
		'2133 MHz of a rated 3200 fires',
		{ memory: { speed_mhz: 2133, rated_speed_mhz: 3200 } },
		{ fires: { speed_mhz: 2133, rated_speed_mhz: 3200 } }
	],
	[
		'ram_xmp_off',
		'just under 0.9x rated fires',
		{ memory: { speed_mhz: 2879, rated_speed_mhz: 3200 } },
		{ fires: { speed_mhz: 2879, rated_speed_mhz: 3200 } }
	],
	['ram_xmp_off', 'exactly 0.9x rated does not fire', { memory: { speed_mhz: 2880, rated_speed_mhz: 3200 } }, 'passes'],
	['ram_xmp_off', 'exactly 0.9x of 2133.0000001 does not fire', { memory: { speed_mhz: 1919.70000009, rated_speed_mhz: 2133.0000001 } }, 'passes'],
	['ram_xmp_off', 'running at rated speed does not fire', { memory: { speed_mhz: 3600, rated_speed_mhz: 3600 } }, 'passes'],
	['ram_xmp_off', 'no rated speed is not evaluated', { memory: { speed_mhz: 2133 } }, 'not evaluated'],
	['ram_xmp_off', 'no speed is not evaluated', { memory: { rated_speed_mhz: 3200 } }, 'not evaluated'],
	['ram_xmp_off', 'no memory section is not evaluated', other, 'not evaluated'],

	['ram_single_channel', 'one module fires', { memory: { modules: 1 } }, { fires: { modules: 1 } }],
	['ram_single_channel', 'two modules do not fire', { memory: { modules: 2 } }, 'passes'],
	['ram_single_channel', 'four modules do not fire', { memory: { modules: 4 } }, 'passes'],
	['ram_single_channel', 'no module count is not evaluated', { memory: { total_gb: 16 } }, 'not evaluated'],

	[
		'refresh_rate_low',
		'60 of 144 Hz fires',
		{ displays: [{ primary: true, current_hz: 60, max_hz: 144 }] },
		{ fires: { current_hz: 60, max_hz: 144 } }
	],
	[
		'refresh_rate_low',
		'max - 2 fires',
		{ displays: [{ primary: true, current_hz: 142, max_hz: 144 }] },
		{ fires: { current_hz: 142, max_hz: 144 } }
	],
	['refresh_rate_low', 'max - 1 does not fire', { displays: [{ primary: true, current_hz: 143, max_hz: 144 }] }, 'passes'],
	['refresh_rate_low', 'at max does not fire', { displays: [{ primary: true, current_hz: 240, max_hz: 240 }] }, 'passes'],
	[
		'refresh_rate_low',
		'only the primary display counts',
		{
			displays: [
				{ primary: false, current_hz: 60, max_hz: 75 },
				{ primary: true, current_hz: 165, max_hz: 165 }
			]
		},
		'passes'
	],
	[
		'refresh_rate_low',
		'the primary display is found among others',
		{
			displays: [
				{ primary: false, current_hz: 144, max_hz: 144 },
				{ primary: true, current_hz: 60, max_hz: 240 }
			]
		},
		{ fires: { current_hz: 60, max_hz: 240 } }
	],
	[
		'refresh_rate_low',
		'no primary flag: the first display counts',
		{ displays: [{ current_hz: 60, max_hz: 144 }] },
		{ fires: { current_hz: 60, max_hz: 144 } }
	],
	['refresh_rate_low', 'no max_hz is not evaluated', { displays: [{ primary: true, current_hz: 60 }] }, 'not evaluated'],
	['refresh_rate_low', 'no displays is not evaluated', other, 'not evaluated'],

	[
		'gpu_driver_very_old',
		'366 days fires',
		{ gpus: [{ name: 'RTX 3070', driver_date: daysBefore(366) }] },
		{ fires: { gpu: 'RTX 3070', days: 366, driver_date: daysBefore(366) } }
	],
	['gpu_driver_very_old', 'exactly 365 days does not fire', { gpus: [{ name: 'RTX 3070', driver_date: daysBefore(365) }] }, 'passes'],
	['gpu_driver_very_old', 'no driver date is not evaluated', { gpus: [{ name: 'RTX 3070', driver_version: '31.0.15.5222' }] }, 'not evaluated'],
	[
		'gpu_driver_very_old',
		'an unreadable driver date is not evaluated',
		{ gpus: [{ name: 'RTX 3070', driver_date: 'last spring' }] },
		'not evaluated'
	],
	['gpu_driver_very_old', 'no gpus is not evaluated', other, 'not evaluated'],

	[
		'gpu_driver_old',
		'exactly 365 days is old',
		{ gpus: [{ name: 'RTX 3070', driver_date: daysBefore(365) }] },
		{ fires: { gpu: 'RTX 3070', days: 365, driver_date: daysBefore(365) } }
	],
	[
		'gpu_driver_old',
		'181 days is old',
		{ gpus: [{ name: 'RTX 3070', driver_version: '31.0.15.5222', driver_date: daysBefore(181) }] },
		{ fires: { gpu: 'RTX 3070', days: 181, driver_date: daysBefore(181), driver_version: '31.0.15.5222' } }
	],
	['gpu_driver_old', 'exactly 180 days does not fire', { gpus: [{ name: 'RTX 3070', driver_date: daysBefore(180) }] }, 'passes'],
	['gpu_driver_old', '366 days is very old, not old', { gpus: [{ name: 'RTX 3070', driver_date: daysBefore(366) }] }, 'passes'],
	[
		'gpu_driver_old',
		'a GPU without a name is numbered',
		{ gpus: [{ driver_date: daysBefore(200) }] },
		{ fires: { gpu: 'GPU 1', days: 200, driver_date: daysBefore(200) } }
	],
	['gpu_driver_old', 'no driver date is not evaluated', { gpus: [{ name: 'RTX 3070' }] }, 'not evaluated'],

	['power_plan', 'Balanced fires', { os: { power_plan: 'Balanced' } }, { fires: { power_plan: 'Balanced' } }],
	['power_plan', 'Power saver fires', { os: { power_plan: 'Power saver' } }, { fires: { power_plan: 'Power saver' } }],
	['power_plan', 'a vendor balanced plan fires', { os: { power_plan: 'AMD Ryzen Balanced' } }, { fires: { power_plan: 'AMD Ryzen Balanced' } }],
	['power_plan', 'High performance does not fire', { os: { power_plan: 'High performance' } }, 'passes'],
	['power_plan', 'case does not matter', { os: { power_plan: 'HIGH PERFORMANCE' } }, 'passes'],
	['power_plan', 'Ultimate Performance does not fire', { os: { power_plan: 'Ultimate Performance' } }, 'passes'],
	['power_plan', 'AMD Ryzen High Performance does not fire', { os: { power_plan: 'AMD Ryzen High Performance' } }, 'passes'],
	[
		'power_plan',
		'a custom plan named after ultimate performance does not fire',
		{ os: { power_plan: 'My ultimate performance (copy)' } },
		'passes'
	],
	['power_plan', 'no power plan is not evaluated', { os: { name: 'Microsoft Windows 11 Pro' } }, 'not evaluated'],

	['game_mode_off', 'off fires', { os: { game_mode: false } }, { fires: {} }],
	['game_mode_off', 'on does not fire', { os: { game_mode: true } }, 'passes'],
	['game_mode_off', 'missing is not evaluated', { os: { game_dvr: false } }, 'not evaluated'],

	['game_dvr_on', 'on fires', { os: { game_dvr: true } }, { fires: {} }],
	['game_dvr_on', 'off does not fire', { os: { game_dvr: false } }, 'passes'],
	['game_dvr_on', 'missing is not evaluated', { os: { game_mode: true } }, 'not evaluated'],

	['memory_integrity_on', 'on fires', { os: { memory_integrity: true } }, { fires: {} }],
	['memory_integrity_on', 'off does not fire', { os: { memory_integrity: false } }, 'passes'],
	['memory_integrity_on', 'missing is not evaluated', { os: { hags: true } }, 'not evaluated'],

	['low_ram', '8 GB fires', { memory: { total_gb: 8 } }, { fires: { total_gb: 8 } }],
	['low_ram', '15.9 GB fires', { memory: { total_gb: 15.9 } }, { fires: { total_gb: 15.9 } }],
	['low_ram', 'exactly 16 GB does not fire', { memory: { total_gb: 16 } }, 'passes'],
	['low_ram', 'missing is not evaluated', { memory: { modules: 2 } }, 'not evaluated'],

	[
		'low_disk',
		'under 20 GB free fires',
		{ storage: { system_free_gb: 19.9, system_total_gb: 100 } },
		{ fires: { free_gb: 19.9, total_gb: 100, percent_free: 20 } }
	],
	['low_disk', 'under 20 GB free fires without a total', { storage: { system_free_gb: 12 } }, { fires: { free_gb: 12 } }],
	[
		'low_disk',
		'under 10% free fires',
		{ storage: { system_free_gb: 90, system_total_gb: 1000 } },
		{ fires: { free_gb: 90, total_gb: 1000, percent_free: 9 } }
	],
	['low_disk', 'exactly 20 GB and 10% free does not fire', { storage: { system_free_gb: 20, system_total_gb: 200 } }, 'passes'],
	['low_disk', 'plenty free does not fire', { storage: { system_free_gb: 40.5, system_total_gb: 237 } }, 'passes'],
	['low_disk', 'only a total is not evaluated', { storage: { system_total_gb: 476.9 } }, 'not evaluated'],

	['startup_apps', '11 fires', { startup_apps: 11 }, { fires: { count: 11 } }],
	['startup_apps', 'exactly 10 does not fire', { startup_apps: 10 }, 'passes'],
	['startup_apps', 'missing is not evaluated', other, 'not evaluated'],

	['mouse_acceleration_on', 'on fires', { input: { mouse_acceleration: true } }, { fires: {} }],
	['mouse_acceleration_on', 'off does not fire', { input: { mouse_acceleration: false } }, 'passes'],
	['mouse_acceleration_on', 'missing is not evaluated', other, 'not evaluated'],

	['wifi_connection', 'wifi fires', { network: { connection: 'wifi' } }, { fires: {} }],
	['wifi_connection', '"Wi-Fi" fires too', { network: { connection: 'Wi-Fi' } }, { fires: {} }],
	['wifi_connection', 'ethernet does not fire', { network: { connection: 'ethernet' } }, 'passes'],
	['wifi_connection', 'only a ping is not evaluated', { network: { ping_ms: 14 } }, 'not evaluated']
];

const severityOf = new Map(RULES.map((rule) => [rule.id, rule.severity]));

describe('rules v1', () => {
	test.each(cases)('%s: %s', (id, _situation, sections, expected) => {
		const result = analyze(diagnostic(sections));
		const finding = result.findings.find((entry) => entry.id === id);
		if (expected === 'not evaluated') {
			expect(result.checked).not.toContain(id);
			expect(finding).toBeUndefined();
		} else if (expected === 'passes') {
			expect(result.checked).toContain(id);
			expect(finding).toBeUndefined();
		} else {
			expect(finding).toEqual({ id, severity: severityOf.get(id), details: expected.fires });
		}
	});

	test('every rule of the table has cases that fire, pass and lack input', () => {
		for (const id of RULE_IDS) {
			const kinds = new Set(
				cases.filter(([rule]) => rule === id).map(([, , , expected]) => (typeof expected === 'string' ? expected : 'fires'))
			);
			expect([id, [...kinds].sort()]).toEqual([id, ['fires', 'not evaluated', 'passes']]);
		}
	});

	test('rules are listed in the order and with the severities of the table', () => {
		expect(RULES.map((rule) => `${rule.id}:${rule.severity}`)).toEqual([
			'ram_xmp_off:critical',
			'ram_single_channel:critical',
			'refresh_rate_low:critical',
			'gpu_driver_very_old:critical',
			'gpu_driver_old:warning',
			'power_plan:warning',
			'game_mode_off:warning',
			'game_dvr_on:warning',
			'memory_integrity_on:warning',
			'low_ram:warning',
			'low_disk:warning',
			'startup_apps:warning',
			'mouse_acceleration_on:warning',
			'wifi_connection:warning'
		]);
	});
});

describe('GPU drivers with several GPUs', () => {
	const gpus = [
		{ name: 'Intel(R) UHD Graphics 630', driver_date: daysBefore(400) },
		{ name: 'NVIDIA GeForce RTX 3070', driver_date: daysBefore(200) },
		{ name: 'Parsec Virtual Display Adapter', driver_date: daysBefore(900) },
		{ name: 'AMD Radeon RX 6600', driver_date: daysBefore(250) },
		{ name: 'NVIDIA GeForce RTX 4090', driver_date: daysBefore(10) }
	];

	test('each rule fires once and names the GPU with the oldest driver in its band', () => {
		const findings = analyze(diagnostic({ gpus })).findings.filter((finding) => finding.id.startsWith('gpu_'));
		expect(findings).toEqual([
			{
				id: 'gpu_driver_very_old',
				severity: 'critical',
				details: { gpu: 'Parsec Virtual Display Adapter', days: 900, driver_date: daysBefore(900) }
			},
			{ id: 'gpu_driver_old', severity: 'warning', details: { gpu: 'AMD Radeon RX 6600', days: 250, driver_date: daysBefore(250) } }
		]);
	});

	test('all drivers recent: neither rule fires, both were checked', () => {
		const result = analyze(diagnostic({ gpus: [gpus[4], { name: 'Intel(R) UHD Graphics', driver_date: daysBefore(30) }] }));
		expect(result.findings).toEqual([]);
		expect(result.checked).toEqual(['gpu_driver_very_old', 'gpu_driver_old']);
	});

	test('driver age is measured from generated_at, not from today', () => {
		const result = analyze({ ...diagnostic({ gpus: [{ name: 'GTX 1080', driver_date: '2019-12-01' }] }), generated_at: '2020-01-01T00:00:00Z' });
		expect(result.findings).toEqual([]);
		expect(result.checked).toContain('gpu_driver_old');
	});

	test('a driver dated after the diagnostic does not fire', () => {
		expect(analyze(diagnostic({ gpus: [{ name: 'RTX 5090', driver_date: '2026-02-01' }] })).findings).toEqual([]);
	});
});
