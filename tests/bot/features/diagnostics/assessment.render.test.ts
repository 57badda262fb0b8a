import { describe, expect, test } from 'vitest';
import { QUICK_FIELDS, renderQuickErrors, renderQuickModal, renderQuickResult } from '../../../../src/bot/features/diagnostics/assessment.render.ts';
import { assessQuickAnswers, parseQuickAnswers } from '../../../../src/lib/assessment/quick.ts';
import type { Package } from '../../../../src/lib/data/packages.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageProblems, modalProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';

const quick: Package = {
	code: 'quick',
	name: 'Quick Fix',
	description: 'The essentials',
	price_aed: '149.00',
	duration_minutes: 45,
	calendly_url: null,
	recommendable: true
};

function answers(raw: Record<string, string>) {
	const parsed = parseQuickAnswers(raw);
	if (!parsed.ok) throw new Error(parsed.errors.join(', '));
	return parsed.answers;
}

describe.each(LOCALES_UNDER_TEST)('the quick assessment in %s', (locale) => {
	const t = tIn(locale);

	test('the form has its four questions, in Discord limits', () => {
		const modal = renderQuickModal(t);
		expect(modalProblems(modal)).toEqual([]);
		const json = modal.toJSON();
		expect(json.custom_id).toBe('quick-modal');
		expect(JSON.stringify(json)).not.toMatch(UNTRANSLATED);
		expect(json.components).toHaveLength(Object.keys(QUICK_FIELDS).length);
	});

	test('every validation message a member can get is a text', () => {
		const parsed = parseQuickAnswers({ gpu: 'x', fps: 'lots', refresh: '0', problems: 'p'.repeat(1001) });
		expect(parsed.ok).toBe(false);
		const errors = parsed.ok ? [] : parsed.errors;
		expect(errors.length).toBeGreaterThanOrEqual(3);
		const reply = renderQuickErrors(t, errors);
		expect(messageProblems(reply)).toEqual([]);
		expect(textOf(reply)).not.toMatch(UNTRANSLATED);
		expect(textOf(reply).split('\n').length).toBe(errors.length + 2);
	});

	test('a struggling PC: every reason, the package and its Book button', () => {
		const given = answers({ gpu: 'RTX 3060', fps: '60', refresh: '144', problems: 'stutter, input lag, ping spikes and crashes' });
		const result = assessQuickAnswers(given);
		expect(result.reasons.length).toBeGreaterThanOrEqual(4);
		const reply = renderQuickResult(t, given, result, quick);
		expect(messageProblems(reply)).toEqual([]);
		expect(textOf(reply)).not.toMatch(UNTRANSLATED);
		expect(textOf(reply)).toContain('Quick Fix');
		expect(customIdsOf(reply)).toEqual(['book|quick']);
	});

	test('a PC without complaints gets no Book button when nothing is recommended', () => {
		const given = answers({ gpu: 'RTX 4090', fps: '400', refresh: '144', problems: '' });
		const reply = renderQuickResult(t, given, assessQuickAnswers(given), null);
		expect(messageProblems(reply)).toEqual([]);
		expect(textOf(reply)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(reply)).toEqual([]);
	});
});
