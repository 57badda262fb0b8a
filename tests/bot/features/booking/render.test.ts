import { describe, expect, test } from 'vitest';
import {
	checklistRow,
	renderCanceled,
	renderConfirmation,
	renderMoved,
	renderReminder,
	renderStaffCard
} from '../../../../src/bot/features/booking/render.ts';
import { CHECKLIST_ITEMS } from '../../../../src/lib/booking/checklist.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';
import { BOOKING_ID, bookingView } from '../../../support/views.ts';

const startsAt = `<t:${Date.parse('2026-12-10T16:00:00Z') / 1000}:F>`;
const checklistIds = CHECKLIST_ITEMS.map((item) => `checklist|${item}.${BOOKING_ID}`);

describe.each(LOCALES_UNDER_TEST)('booking messages in %s', (locale) => {
	const t = tIn(locale);

	test('the confirmation: package, time, price, the checklist and the Calendly links', () => {
		const message = renderConfirmation(t, bookingView());
		expect(messageProblems(message)).toEqual([]);
		const text = textOf(message);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('Full Optimization');
		expect(text).toContain(startsAt);
		expect(text).toContain('399');
		expect(customIdsOf(message)).toEqual(checklistIds);
		expect(JSON.stringify(messageBody(message).components)).toContain('https://calendly.com/reschedulings/abc');
	});

	test('a discounted price shows what is paid and the discount', () => {
		const text = textOf(renderConfirmation(t, bookingView({ discount_aed: '39.90' })));
		expect(text).toContain('359.10');
		expect(text).toContain('39.90');
	});

	test('without links or package name it still reads, and names no package it does not know', () => {
		const message = renderConfirmation(t, bookingView({ reschedule_url: null, cancel_url: null, package_name: null }));
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).toContain(t('booking:unknownPackage'));
		expect(message.components).toHaveLength(1);
	});

	test('a moved session says its new time, with the checklist', () => {
		const message = renderMoved(t, bookingView());
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(textOf(message)).toContain(startsAt);
	});

	test('a cancellation gives the reason (cut to 500) and a Rebook button for the package', () => {
		const message = renderCanceled(t, bookingView({ status: 'canceled', cancel_reason: 'r'.repeat(3000) }));
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(textOf(message)).not.toContain('r'.repeat(501));
		expect(customIdsOf(message)).toEqual(['book|full']);
		expect(customIdsOf(renderCanceled(t, bookingView({ package_code: null })))).toEqual([]);
	});

	test.each(['reminder_24h', 'reminder_2h'] as const)(
		'the %s reminder lists what is left on the checklist, and the voice link two hours before',
		(kind) => {
			const message = renderReminder(t, kind, bookingView({ checklist: { anydesk: true } }), 'https://discord.gg/voice');
			expect(messageProblems(message)).toEqual([]);
			const text = textOf(message);
			expect(text).not.toMatch(UNTRANSLATED);
			expect(text).toContain(t('booking:checklist.drivers'));
			expect(text.includes('https://discord.gg/voice')).toBe(kind === 'reminder_2h');
			expect(customIdsOf(message)).toEqual(checklistIds);
		}
	);

	test('with the checklist done, a reminder says so and has no buttons', () => {
		const done = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, true]));
		const message = renderReminder(t, 'reminder_24h', bookingView({ checklist: done }), null);
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).toContain(t('booking:reminder24h.allDone'));
		expect(customIdsOf(message)).toEqual([]);
	});

	test('the session-started notice', () => {
		const message = renderReminder(t, 'session_started', bookingView(), 'https://discord.gg/voice');
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
	});

	test('checklist buttons show what is ticked', () => {
		const row = checklistRow(t, BOOKING_ID, { drivers: true }).toJSON();
		expect(row.components.map((button) => ('label' in button ? button.label : '')).filter((label) => label?.startsWith('✅'))).toHaveLength(1);
	});

	test('the staff card: the member, the time, the price paid, the match, Complete and No-show; it pings nobody', () => {
		const message = renderStaffCard(t, bookingView({ discount_aed: '39.90' }), false);
		expect(messageProblems(message)).toEqual([]);
		const text = textOf(message);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('<@200000000000000001>');
		expect(text).toContain('359.10');
		expect(customIdsOf(message)).toEqual([`session-complete|${BOOKING_ID}`, `session-noshow|${BOOKING_ID}`]);
		expect(messageBody(message).allowed_mentions).toEqual({ parse: [] });
	});

	test.each(['discord_answer', 'email', 'link_reused', 'link_expired'] as const)(
		'a staff card for a booking claimed by %s names who was asked and why',
		(basis) => {
			const message = renderStaffCard(
				t,
				bookingView({ discord_user_id: null, claim_discord_user_id: '200000000000000009', claim_basis: basis, invitee_name: '*Al*' }),
				true
			);
			expect(messageProblems(message)).toEqual([]);
			const text = textOf(message);
			expect(text).not.toMatch(UNTRANSLATED);
			expect(text).toContain('<@200000000000000009>');
			expect(text).toContain('\\*Al\\*');
			expect(text).toContain(t(`booking:staffCard.bases.${basis}`));
		}
	);

	test('an unmatched booking asks staff to link it', () => {
		const message = renderStaffCard(t, bookingView({ discord_user_id: null, needs_staff_review: true, match_method: null }), false);
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).toContain(t('booking:staffCard.review'));
	});
});
