import { describe, expect, test } from 'vitest';
import { bookButton, renderBookingChoices, renderBookingLink, renderCatalog } from '../../../../src/bot/features/packages/render.ts';
import type { Package } from '../../../../src/lib/data/packages.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';

const pkg = (code: string, name = `Package ${code}`, description = 'What it includes'): Package => ({
	code,
	name,
	description,
	price_aed: '399.00',
	duration_minutes: 90,
	calendly_url: null,
	recommendable: true
});

const catalogue = [pkg('quick', 'Quick Fix'), pkg('full', 'Full Optimization'), pkg('reoptimize', 'Re-optimization')];

describe.each(LOCALES_UNDER_TEST)('packages in %s', (locale) => {
	const t = tIn(locale);

	test('the catalogue lists each package with its price and offers both ways on', () => {
		const catalog = renderCatalog(t, catalogue);
		expect(messageProblems(catalog)).toEqual([]);
		expect(textOf(catalog)).not.toMatch(UNTRANSLATED);
		for (const { name } of catalogue) expect(textOf(catalog)).toContain(name);
		expect(textOf(catalog)).toContain('399');
		expect(customIdsOf(catalog)).toEqual(['packages-find', 'packages-book']);
	});

	test('an empty catalogue says so', () => {
		const empty = renderCatalog(t, []);
		expect(messageProblems(empty)).toEqual([]);
		expect(textOf(empty)).not.toMatch(UNTRANSLATED);
	});

	test('thirty long packages still fit Discord: 25 fields at most, labels cut to 80, rows of five', () => {
		const many = Array.from({ length: 30 }, (_, index) => pkg(`p${index}`, `Package ${index} ${'n'.repeat(120)}`, 'd'.repeat(1000)));
		expect(messageProblems(renderCatalog(t, many.slice(0, 5)))).toEqual([]);
		const choices = renderBookingChoices(t, many.slice(0, 25));
		expect(messageProblems(choices)).toEqual([]);
		expect(customIdsOf(choices)).toHaveLength(25);
	});

	test('one Book button per package, each with its code', () => {
		const choices = renderBookingChoices(t, catalogue);
		expect(messageProblems(choices)).toEqual([]);
		expect(customIdsOf(choices)).toEqual(['book|quick', 'book|full', 'book|reoptimize']);
		expect(textOf(choices)).not.toMatch(UNTRANSLATED);
	});

	test('a Book button names its package', () => {
		expect(bookButton(t, pkg('full', 'Full Optimization')).toJSON()).toMatchObject({
			custom_id: 'book|full',
			label: expect.stringContaining('Full Optimization') as unknown
		});
	});

	test('the booking link opens Calendly; without a link the member is told how to book', () => {
		const link = renderBookingLink(t, pkg('full', 'Full Optimization'), 'https://calendly.com/fpsos/full?utm_content=abc');
		expect(messageProblems(link)).toEqual([]);
		expect(textOf(link)).toContain('Full Optimization');
		expect(JSON.stringify(messageBody(link).components)).toContain('https://calendly.com/fpsos/full?utm_content=abc');
		const none = renderBookingLink(t, pkg('full', 'Full Optimization'), null);
		expect(messageProblems(none)).toEqual([]);
		expect(textOf(none)).not.toMatch(UNTRANSLATED);
		expect(none.components).toBeUndefined();
	});
});
