import { describe, expect, test } from 'vitest';
import {
	bookingChoice,
	renderPaymentConfirmation,
	renderRefundConfirmation,
	unmatchedList
} from '../../../../src/bot/features/booking/booking-tools.render.ts';
import type { StaffBooking } from '../../../../src/lib/data/staff-tools.ts';
import { formatAed } from '../../../../src/lib/money.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageBody, messageProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';
import { BOOKING_ID } from '../../../support/views.ts';
import en from '../../../../src/languages/en-US/staff-tools.json' with { type: 'json' };

const booking = (overrides: Partial<StaffBooking> = {}): StaffBooking => ({
	id: BOOKING_ID,
	status: 'completed',
	starts_at: new Date('2026-12-10T16:00:00Z'),
	package_code: 'full',
	package_name: 'Full Optimization',
	invitee_name: 'Alice',
	invitee_email: 'alice@example.com',
	price_aed: '399.00',
	discount_aed: '0.00',
	credit_applied_aed: '0.00',
	payment_status: 'unpaid',
	paid_aed: null,
	payment_method: null,
	paid_at: null,
	paid_by: null,
	member_id: null,
	discord_user_id: '200000000000000001',
	...overrides
});

describe.each(LOCALES_UNDER_TEST)('staff booking tools in %s', (locale) => {
	const t = tIn(locale);
	const differs = t('staff-tools:paid.differsFromDue', { due: formatAed('399.00'), price: formatAed('399.00') });

	test('an autocomplete choice gives the reference, the Dubai time, the package and who booked, within 100 characters', () => {
		const choice = bookingChoice(t, booking());
		expect(choice.value).toBe(BOOKING_ID);
		expect(choice.name).toContain('0b7a6f1e');
		expect(choice.name).toContain('20:00');
		expect(choice.name).not.toMatch(UNTRANSLATED);
		expect(bookingChoice(t, booking({ invitee_name: 'A'.repeat(200) })).name.length).toBeLessThanOrEqual(100);
	});

	test('the unmatched list names each booking by reference, or says there is none', () => {
		expect(unmatchedList(t, [])).toBe(t('staff-tools:link.noneUnmatched'));
		const list = unmatchedList(t, [booking(), booking({ id: '1b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b', package_name: null, invitee_name: null })]);
		expect(list).toContain('`0b7a6f1e`');
		expect(list).toContain('`1b7a6f1e`');
		expect(list).not.toMatch(UNTRANSLATED);
	});

	test.each(Object.keys(en.methods))('a payment by %s is confirmed with Confirm / Cancel, pinging nobody', (method) => {
		const message = renderPaymentConfirmation(t, booking(), 39_900, method);
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(textOf(message)).toContain('399');
		expect(textOf(message)).not.toContain(differs);
		expect(customIdsOf(message)).toEqual([`staff-confirm|${BOOKING_ID}`, `staff-cancel|${BOOKING_ID}`]);
		expect(messageBody(message).allowed_mentions).toEqual({ parse: [] });
	});

	test('a payment that differs from what is due says so', () => {
		const message = renderPaymentConfirmation(t, booking(), 10_000, 'cash');
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).toContain(differs);
	});

	test('a refund is confirmed with what was paid', () => {
		const message = renderRefundConfirmation(
			t,
			booking({ payment_status: 'paid', paid_aed: '399.00', payment_method: 'card', paid_at: new Date('2026-12-10T18:00:00Z') })
		);
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(message)).toEqual([`staff-confirm|${BOOKING_ID}`, `staff-cancel|${BOOKING_ID}`]);
	});
});
