import { describe, expect, test } from 'vitest';
import { renderDepartureNotice } from '../../../../src/bot/features/departures/render.ts';
import { LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';

const session = (day: number, package_name: string | null = 'Full Optimization') => ({
	starts_at: new Date(Date.UTC(2026, 11, day, 16)),
	package_name
});

describe.each(LOCALES_UNDER_TEST)('the staff notice of a departure in %s', (locale) => {
	const t = tIn(locale);

	test('names the member without pinging, and each session ahead', () => {
		const notice = renderDepartureNotice(t, {
			discord_user_id: '200000000000000001',
			username: 'alice_',
			still_gone: true,
			sessions: [session(10), session(12, null)]
		});
		expect(messageProblems(notice)).toEqual([]);
		const text = textOf(notice);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('<@200000000000000001>');
		expect(text).toContain('alice\\_');
		expect(text).toContain('Full Optimization');
		expect(text).toContain(t('booking:memberLeft.unknownPackage'));
		expect(messageBody(notice).allowed_mentions).toEqual({ parse: [] });
	});

	test('many sessions are cut to Discord 2000 characters', () => {
		const notice = renderDepartureNotice(t, {
			discord_user_id: null,
			username: null,
			still_gone: true,
			sessions: Array.from({ length: 60 }, (_, index) => session((index % 28) + 1, 'p'.repeat(100)))
		});
		expect(messageProblems(notice)).toEqual([]);
		expect(textOf(notice).length).toBe(2000);
	});
});
