import { describe, expect, test } from 'vitest';
import { renderWelcome, renderWelcomeFallback } from '../../../../src/bot/features/welcome/render.ts';
import { decode, CUSTOM_ID_KINDS } from '../../../../src/lib/custom-ids.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';

describe.each(LOCALES_UNDER_TEST)('the welcome in %s', (locale) => {
	const t = tIn(locale);

	test('names the member, offers the diagnostic and the packages, and Discord accepts it', () => {
		const welcome = renderWelcome(t, 'Alice');
		expect(messageProblems(welcome)).toEqual([]);
		expect(textOf(welcome)).toContain('Alice');
		expect(textOf(welcome)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(welcome)).toEqual(['welcome-diagnostic', 'welcome-packages']);
	});

	test('in a DM it offers the other language, labelled in that language', () => {
		const welcome = renderWelcome(t, 'Alice', { languageChoice: true });
		const other = locale === 'en-US' ? 'ar' : 'en-US';
		const ids = customIdsOf(welcome);
		expect(ids).toHaveLength(3);
		expect(decode(CUSTOM_ID_KINDS.language, ids[2]!)).toEqual({ kind: 'language', value: other });
		expect(textOf(welcome)).toContain(tIn(other)('language:name'));
		expect(messageProblems(welcome)).toEqual([]);
	});

	test('a very long name still fits Discord', () => {
		expect(messageProblems(renderWelcome(t, 'A'.repeat(32)))).toEqual([]);
	});

	test('the public fallback pings only the member it welcomes', () => {
		const fallback = renderWelcomeFallback(t, '200000000000000001');
		expect(messageProblems(fallback)).toEqual([]);
		expect(textOf(fallback)).toContain('<@200000000000000001>');
		expect(messageBody(fallback).allowed_mentions).toEqual({ users: ['200000000000000001'] });
	});
});

test('English and Arabic welcomes differ (each locale is really used)', () => {
	expect(textOf(renderWelcome(tIn('en-US'), 'Alice'))).not.toBe(textOf(renderWelcome(tIn('ar'), 'Alice')));
	expect(textOf(renderWelcome(tIn('ar'), 'Alice'))).toMatch(/[\u0600-\u06FF]/);
});
