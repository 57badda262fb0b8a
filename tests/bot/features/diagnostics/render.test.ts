import { describe, expect, test } from 'vitest';
import { renderDiagnosticIntro, renderDiagnosticResult, renderRefusal, renderToolDelivery } from '../../../../src/bot/features/diagnostics/render.ts';
import type { Package } from '../../../../src/lib/data/packages.ts';
import { REFUSAL_REASONS } from '../../../../src/lib/diagnostics/index.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';
import { analyze, daysBefore, diagnostic } from '../../../lib/diagnostics/build.ts';

const full: Package = {
	code: 'full',
	name: 'Full Optimization',
	description: 'Everything',
	price_aed: '399.00',
	duration_minutes: 90,
	calendly_url: null,
	recommendable: true
};

/** A PC on which every rule fires: more findings than the message shows. */
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

const healthy = analyze(
	diagnostic({ os: { power_plan: 'High performance', game_mode: true, game_dvr: false, memory_integrity: false }, startup_apps: 3 })
);

describe.each(LOCALES_UNDER_TEST)('diagnostic messages in %s', (locale) => {
	const t = tIn(locale);

	test('the intro offers the tool and the quick questions', () => {
		const intro = renderDiagnosticIntro(t);
		expect(messageProblems(intro)).toEqual([]);
		expect(textOf(intro)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(intro)).toEqual(['diagnostic-tool', 'diagnostic-quick']);
	});

	test('the tool comes as fpsos-diagnostic.ps1 with how to run it', () => {
		const delivery = renderToolDelivery(t, Buffer.from('Write-Host hi'));
		expect(messageProblems(delivery)).toEqual([]);
		expect(textOf(delivery)).not.toMatch(UNTRANSLATED);
		expect(delivery.files).toHaveLength(1);
	});

	test.each([...REFUSAL_REASONS, 'download_failed' as const])('the refusal "%s" is a text of its own', (reason) => {
		const refusal = renderRefusal(t, reason);
		expect(messageProblems(refusal)).toEqual([]);
		expect(textOf(refusal)).not.toMatch(UNTRANSLATED);
	});

	test('a PC with every problem: findings within Discord limits, critical first, the package and its Book button', () => {
		expect(everything.findings.length).toBeGreaterThan(10);
		const result = renderDiagnosticResult(t, everything, full);
		expect(messageProblems(result)).toEqual([]);
		const text = textOf(result);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('Full Optimization');
		expect(text).toContain('399');
		expect(customIdsOf(result)).toEqual(['book|full']);
		expect(result.embeds?.[0] && 'toJSON' in result.embeds[0] ? result.embeds[0].toJSON().fields : []).toHaveLength(12);
	});

	test('without a package there is no Book button', () => {
		expect(customIdsOf(renderDiagnosticResult(t, everything, null))).toEqual([]);
	});

	test('a PC in good shape is congratulated, with nothing to book', () => {
		expect(healthy.recommendation).toBe('good');
		const good = renderDiagnosticResult(t, healthy, full);
		expect(messageProblems(good)).toEqual([]);
		expect(textOf(good)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(good)).toEqual([]);
	});
});
