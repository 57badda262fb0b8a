import { describe, expect, test } from 'vitest';
import { fieldValue, paymentText, plain, renderMemberInfo } from '../../../../src/bot/features/member-info/render.ts';
import type { MemberHistory } from '../../../../src/lib/data/member-history.ts';
import { LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';
import { BOOKING_ID, MEMBER_DISCORD_ID } from '../../../support/views.ts';

const at = new Date('2026-12-01T10:00:00Z');

function history(times = 1, text = 'Alice'): MemberHistory {
	const repeat = <T>(row: T): T[] => Array.from({ length: times }, () => row);
	return {
		member: { id: 'm1', username: 'alice', display_name: text, joined_at: at, left_at: at, dm_status: 'closed', created_at: at },
		diagnostics: { total: times + 3, latest: repeat({ created_at: at, recommendation: 'full', critical_count: 2, warning_count: 5 }) },
		quickAssessments: { total: times, latest: repeat({ created_at: at, recommendation: 'good', gpu: `RTX ${text}`, current_fps: 90 }) },
		bookings: {
			total: times,
			latest: repeat({
				id: BOOKING_ID,
				status: 'completed' as const,
				starts_at: at,
				package_name: text,
				price_aed: '399.00',
				payment_status: 'paid' as const,
				paid_aed: '399.00',
				payment_method: 'card'
			})
		},
		tickets: { total: times, open: 1, latest: repeat({ number: 12, topic: text, status: 'open', created_at: at }) },
		reviews: { total: 2, averageRating: 8.5 },
		credit: { balanceAed: '50.00', latest: repeat({ entry_type: 'earned', amount_aed: '50.00', reason: text, created_at: at }) }
	};
}

describe.each(LOCALES_UNDER_TEST)('/member info in %s', (locale) => {
	const t = tIn(locale);

	test("a member's history: every section, with its counts, pinging nobody", () => {
		const message = renderMemberInfo(t, MEMBER_DISCORD_ID, history());
		expect(messageProblems(message)).toEqual([]);
		const text = textOf(message);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain(`<@${MEMBER_DISCORD_ID}>`);
		expect(text).toContain('0b7a6f1e');
		expect(text).toContain('8.5');
		expect(text).toContain(t('staff-tools:info.more', { count: 3 }));
		expect(messageBody(message).allowed_mentions).toEqual({ parse: [] });
	});

	test('a member with nothing yet', () => {
		const empty: MemberHistory = {
			...history(0),
			member: { ...history(0).member, left_at: null, joined_at: null, display_name: null, username: null, dm_status: 'unknown' },
			reviews: { total: 0, averageRating: null }
		};
		const message = renderMemberInfo(t, MEMBER_DISCORD_ID, empty);
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(textOf(message)).toContain(t('staff-tools:info.none'));
	});

	test('long member text everywhere still fits Discord, made inert', () => {
		const message = renderMemberInfo(t, MEMBER_DISCORD_ID, history(5, `**${'w'.repeat(400)}**`));
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toContain('**w');
	});

	test('a paid booking names the amount and method; an unknown method reads as other', () => {
		expect(paymentText(t, { payment_status: 'paid', paid_aed: '399.00', payment_method: 'card' })).toContain('399');
		expect(paymentText(t, { payment_status: 'paid', paid_aed: '399.00', payment_method: 'barter' })).toContain(t('staff-tools:methods.other'));
		expect(paymentText(t, { payment_status: 'refunded', paid_aed: null, payment_method: null })).toBe(t('staff-tools:payments.refunded'));
	});
});

describe('field helpers', () => {
	test('plain flattens, shortens and escapes', () => {
		expect(plain('  *a*\n\nb  ', 60)).toBe('\\*a\\* b');
		expect(plain('x'.repeat(70), 10)).toBe(`${'x'.repeat(9)}…`);
	});

	test('a field never passes 1024 characters', () => {
		expect(
			fieldValue(
				tIn('en-US'),
				Array.from({ length: 20 }, () => 'l'.repeat(300)),
				50
			).length
		).toBeLessThanOrEqual(1024);
	});
});
