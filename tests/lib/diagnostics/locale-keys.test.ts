import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
	DIAGNOSTICS_NAMESPACE,
	recommendationTextKey,
	REFUSAL_REASONS,
	refusalTextKey,
	RULE_IDS,
	ruleTextKeys
} from '../../../src/lib/diagnostics/index.ts';
import { analyze, daysBefore, diagnostic } from './build.ts';

const texts = JSON.parse(readFileSync(new URL('../../../src/languages/en-US/diagnostics.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** i18next's lookup of a `namespace:dotted.key`, enough for this file. */
function lookup(key: string): unknown {
	const [namespace, path] = key.split(':');
	expect(namespace).toBe(DIAGNOSTICS_NAMESPACE);
	return path!.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], texts);
}

const placeholders = (template: string) => [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]);

/** One PC on which every rule fires. */
const everything = analyze(
	diagnostic({
		os: { power_plan: 'Balanced', game_mode: false, game_dvr: true, memory_integrity: true },
		gpus: [
			{ name: 'GTX 1060', driver_date: daysBefore(500) },
			{ name: 'Intel(R) UHD Graphics', driver_date: daysBefore(200) }
		],
		memory: { total_gb: 8, modules: 1, speed_mhz: 2133, rated_speed_mhz: 3200 },
		displays: [{ primary: true, current_hz: 60, max_hz: 144 }],
		storage: { system_free_gb: 9.5 },
		network: { connection: 'wifi' },
		input: { mouse_acceleration: true },
		startup_apps: 15
	})
);

describe('en-US diagnostic texts', () => {
	test('the example PC fires every rule', () => {
		expect(everything.findings.map((finding) => finding.id).sort()).toEqual([...RULE_IDS].sort());
	});

	test.each(everything.findings)('$id has a title and a fix whose placeholders its details fill', (finding) => {
		const { title, fix } = ruleTextKeys(finding.id);
		for (const key of [title, fix]) {
			const template = lookup(key);
			expect(typeof template === 'string' && template.length > 0, key).toBe(true);
			expect(Object.keys(finding.details)).toEqual(expect.arrayContaining(placeholders(template as string)));
		}
	});

	test('there are texts for exactly the rule ids', () => {
		expect(Object.keys(texts.rules as object).sort()).toEqual([...RULE_IDS].sort());
	});

	test.each(REFUSAL_REASONS)('refusal %s says how to get the right file', (reason) => {
		const message = lookup(refusalTextKey(reason));
		expect(message).toEqual(expect.stringContaining('fpsos-diagnostic.json'));
		expect(message).toEqual(expect.stringMatching(/FPSOS tool/));
		expect(placeholders(message as string)).toEqual([]);
	});

	test.each(['extreme', 'full', 'quick', 'good'] as const)('recommendation %s has a sentence', (recommendation) => {
		expect(lookup(recommendationTextKey(recommendation))).toEqual(expect.any(String));
	});

	test.each(['critical', 'warning'])('severity %s has a label', (severity) => {
		expect(lookup(`${DIAGNOSTICS_NAMESPACE}:severity.${severity}`)).toEqual(expect.any(String));
	});
});
