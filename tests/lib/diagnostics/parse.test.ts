import { describe, expect, test } from 'vitest';
import { diagnosticSchema, knownDiagnosticKeys, sectionShapes, TOP_LEVEL_KEYS } from '../../../src/lib/diagnostics/schema.ts';
import { analyzeDiagnostic, parseDiagnostic } from '../../../src/lib/diagnostics/index.ts';
import { accepted, analyze, bytesOf, diagnostic, utf8 } from './build.ts';

function parsed(value: unknown) {
	const outcome = parseDiagnostic(bytesOf(value));
	if (!outcome.ok) expect.fail(`refused as ${outcome.reason}`);
	return outcome.diagnostic;
}

describe('values as PowerShell writes them', () => {
	test('numbers as strings are numbers', () => {
		const { memory, startup_apps } = parsed(
			diagnostic({ memory: { total_gb: '16', modules: '2', speed_mhz: '2133.0000001', rated_speed_mhz: ' 3200 ' }, startup_apps: '12' })
		);
		expect(memory).toEqual({ total_gb: 16, modules: 2, speed_mhz: 2133.0000001, rated_speed_mhz: 3200 });
		expect(startup_apps).toBe(12);
	});

	test('a decimal comma from a localized WMI string is read', () => {
		expect(parsed(diagnostic({ storage: { system_free_gb: '40,5' } })).storage).toEqual({ system_free_gb: 40.5 });
	});

	test.each<[unknown, boolean]>([
		[true, true],
		[false, false],
		['True', true],
		['False', false],
		['true', true],
		['FALSE', false],
		[1, true],
		[0, false],
		['1', true],
		['0', false]
	])('boolean %j is %s', (value, expected) => {
		expect(parsed(diagnostic({ input: { mouse_acceleration: value } })).input).toEqual({ mouse_acceleration: expected });
	});

	test('a GPU that arrived as a bare object is a one-element list', () => {
		const gpu = { name: 'NVIDIA GeForce RTX 3070', driver_version: '31.0.15.5222', driver_date: '2024-03-01' };
		expect(parsed(diagnostic({ gpus: gpu })).gpus).toEqual([{ ...gpu, driver_date: new Date('2024-03-01T00:00:00Z') }]);
	});

	test('a display that arrived as a bare object is a one-element list and is judged', () => {
		const result = analyze(diagnostic({ displays: { primary: 'True', current_hz: '60', max_hz: '144' } }));
		expect(result.findings).toEqual([{ id: 'refresh_rate_low', severity: 'critical', details: { current_hz: 60, max_hz: 144 } }]);
	});

	test('names are trimmed and WMI padding collapsed', () => {
		expect(parsed(diagnostic({ cpu: { name: '  Intel(R) Core(TM) i5-9400F   CPU @ 2.90GHz ' } })).cpu?.name).toBe(
			'Intel(R) Core(TM) i5-9400F CPU @ 2.90GHz'
		);
	});

	test.each<[string, unknown]>([
		['a word for a number', 'fast'],
		['null', null],
		['a negative size', -3],
		['an object', { value: 2133 }],
		['an empty string', '']
	])('a value that is %s leaves the rule unevaluated, the file is still read', (_kind, value) => {
		const result = analyze(diagnostic({ memory: { speed_mhz: value, rated_speed_mhz: 3200, modules: 2 } }));
		expect(result.checked).not.toContain('ram_xmp_off');
		expect(result.checked).toContain('ram_single_channel');
	});

	test('a section flattened to its type name by a too-small -Depth is left out', () => {
		const result = analyze(diagnostic({ memory: 'System.Collections.Hashtable', os: { game_mode: false } }));
		expect(result.checked).toEqual(['game_mode_off']);
	});

	test('list entries that are not objects are skipped', () => {
		expect(parsed(diagnostic({ gpus: ['System.Collections.Hashtable', { name: 'RTX 3070' }, null] })).gpus).toEqual([{ name: 'RTX 3070' }]);
	});
});

describe('unknown keys', () => {
	const known = diagnostic({ memory: { modules: 1 }, os: { power_plan: 'Balanced' } });
	const withUnknown = {
		...known,
		hostname: 'DESKTOP-1234',
		bios: { vendor: 'AMI', version: 'F12' },
		memory: { modules: 1, part_numbers: ['CMK16GX4M2B3200C16'] },
		os: { power_plan: 'Balanced', locale: 'ar-AE' },
		gpus: [{ name: 'RTX 3070', vram_gb: 8 }]
	};

	test('are dropped from the parsed diagnostic', () => {
		const diagnosticValue = parsed(withUnknown);
		expect(Object.keys(diagnosticValue)).not.toContain('hostname');
		expect(Object.keys(diagnosticValue)).not.toContain('bios');
		expect(diagnosticValue.memory).toEqual({ modules: 1 });
		expect(diagnosticValue.os).toEqual({ power_plan: 'Balanced' });
		expect(diagnosticValue.gpus).toEqual([{ name: 'RTX 3070' }]);
	});

	test('change nothing in the result', () => {
		const { facts: _facts, ...withoutFacts } = analyze(withUnknown);
		const { facts: _knownFacts, ...expected } = analyze(known);
		expect(withoutFacts).toEqual(expected);
	});
});

describe('__proto__ and constructor keys', () => {
	const hostile = `{
		"__proto__": { "polluted": "top", "memory": { "modules": 1 } },
		"constructor": { "prototype": { "polluted": "constructor" } },
		"schema": "fpsos-diagnostic/1",
		"generated_at": "2026-01-12T10:00:00Z",
		"memory": { "__proto__": { "modules": 1, "polluted": "memory" }, "constructor": { "prototype": { "polluted": 1 } }, "modules": 2, "total_gb": 32 },
		"gpus": [ { "__proto__": { "name": "evil", "driver_date": "2000-01-01" }, "name": "RTX 3070", "driver_date": "2025-12-01" } ],
		"os": { "__proto__": { "game_dvr": true }, "constructor": "x", "power_plan": "High performance" }
	}`;

	test('do not pollute Object.prototype and do not change the result', () => {
		const result = accepted(utf8(hostile));
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
		expect(Object.prototype).not.toHaveProperty('modules');
		expect(result).toMatchObject({ recommendation: 'good', critical: 0, warnings: 0, findings: [] });
		expect(result.checked).toEqual(expect.arrayContaining(['ram_single_channel', 'low_ram', 'gpu_driver_very_old', 'power_plan']));
		expect(result.checked).not.toContain('game_dvr_on');
		expect(result.facts.gpus).toEqual(['RTX 3070']);
	});

	test('the parsed sections are plain objects with only known own keys', () => {
		const outcome = parseDiagnostic(utf8(hostile));
		if (!outcome.ok) expect.fail(outcome.reason);
		const { memory, os, gpus } = outcome.diagnostic;
		for (const section of [memory, os, gpus?.[0]]) {
			expect(Object.getPrototypeOf(section)).toBe(Object.prototype);
			expect(Object.hasOwn(section!, '__proto__')).toBe(false);
			expect(Object.hasOwn(section!, 'constructor')).toBe(false);
		}
		expect(memory).toEqual({ modules: 2, total_gb: 32 });
	});
});

describe('the schema', () => {
	test('its top level is the top-level keys, the sections and the optional measurement, nothing else', () => {
		expect(Object.keys(diagnosticSchema.shape).sort()).toEqual([...TOP_LEVEL_KEYS, ...Object.keys(sectionShapes), 'performance'].sort());
	});

	test('knows the keys of the contract in shared/DESIGN.md', () => {
		expect(knownDiagnosticKeys()).toEqual(
			[
				'schema',
				'tool_version',
				'generated_at',
				'startup_apps',
				'os.name',
				'os.build',
				'os.power_plan',
				'os.game_mode',
				'os.game_dvr',
				'os.hags',
				'os.memory_integrity',
				'cpu.name',
				'cpu.cores',
				'cpu.threads',
				'gpus.name',
				'gpus.driver_version',
				'gpus.driver_date',
				'memory.total_gb',
				'memory.modules',
				'memory.speed_mhz',
				'memory.rated_speed_mhz',
				'displays.primary',
				'displays.current_hz',
				'displays.max_hz',
				'storage.system_free_gb',
				'storage.system_total_gb',
				'network.connection',
				'network.ping_ms',
				'input.mouse_acceleration',
				// The optional benchmark (issue 16): the tool's PresentMon step.
				'performance.avg_fps',
				'performance.p1_fps',
				'performance.p01_fps',
				'performance.frames',
				'performance.duration_s'
			].sort()
		);
	});
});

describe('the optional benchmark measurement', () => {
	test('performance.avg_fps becomes a fact (whole frames), as text or number; alone it is not a diagnostic', () => {
		expect(analyze(diagnostic({ memory: { total_gb: 16 }, performance: { avg_fps: '243.6' } })).facts.avg_fps).toBe(244);
		expect(analyze(diagnostic({ memory: { total_gb: 16 }, performance: { avg_fps: 5000 } })).facts.avg_fps).toBeUndefined();
		expect(analyze(diagnostic({ memory: { total_gb: 16 } })).facts.avg_fps).toBeUndefined();
		expect(analyzeDiagnostic(bytesOf(diagnostic({ performance: { avg_fps: 200 } }))).ok).toBe(false);
	});
});
