import { describe, expect, test } from 'vitest';
import { renderCreditStatement, renderReferralSummary } from '../../../../src/bot/features/referrals/render.ts';
import type { CreditEntry } from '../../../../src/lib/data/credits.ts';
import { LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';

const at = new Date('2026-12-01T10:00:00Z');
const entry = (entry: Partial<CreditEntry>): CreditEntry => ({
	entry_type: 'earned',
	amount_aed: '50.00',
	reason: 'Referral reward',
	actor: 'system:referral',
	created_at: at,
	...entry
});

describe.each(LOCALES_UNDER_TEST)('referrals and credit in %s', (locale) => {
	const t = tIn(locale);

	test('the summary gives the code, the figures and the share buttons', () => {
		const summary = renderReferralSummary(t, { code: 'K7PX2Q', friends: 3, rewarded: 2, earnedAed: '100.00' });
		expect(messageProblems(summary)).toEqual([]);
		const text = textOf(summary);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('K7PX2Q');
		expect(text).toContain('100');
		const urls = JSON.stringify(messageBody(summary).components);
		expect(urls).toContain('https://wa.me/?text=');
		expect(urls).toContain('K7PX2Q');
	});

	test('an empty statement gives the balance and how to earn credit', () => {
		const statement = renderCreditStatement(t, { balanceAed: '0.00', recent: [] });
		expect(messageProblems(statement)).toEqual([]);
		expect(textOf(statement)).not.toMatch(UNTRANSLATED);
		expect(textOf(statement)).toContain('50');
	});

	test("the referral system's entries speak the member's language; staff reasons stay as written", () => {
		const statement = renderCreditStatement(
			t,
			{
				balanceAed: '20.00',
				recent: [
					entry({}),
					entry({ entry_type: 'reversed', amount_aed: '-50.00', reason: 'referral reversed: no-show' }),
					entry({ entry_type: 'reversed', amount_aed: '-50.00', reason: 'referral reversed: refund' }),
					entry({ entry_type: 'redeemed', amount_aed: '-30.00', reason: 'Used on booking 1234', actor: 'discord:300000000000000001' })
				]
			},
			'<@200000000000000001>'
		);
		expect(messageProblems(statement)).toEqual([]);
		const text = textOf(statement);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('Used on booking 1234');
		expect(text).toContain('<@200000000000000001>');
		expect(text).not.toContain('referral reversed');
		expect(messageBody(statement).allowed_mentions).toEqual({ parse: [] });
	});

	test('a long ledger reason is cut, and the list fits its field', () => {
		const recent = Array.from({ length: 20 }, () =>
			entry({ entry_type: 'adjusted', reason: 'r'.repeat(500), actor: 'discord:300000000000000001' })
		);
		expect(messageProblems(renderCreditStatement(t, { balanceAed: '1000.00', recent }))).toEqual([]);
	});
});
