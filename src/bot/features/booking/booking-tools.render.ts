import { ButtonStyle, TimestampStyles, time, type ApplicationCommandOptionChoiceData, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { amountDueFils, filsToAed } from '../../../lib/booking/payment.ts';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import { bookingRef, type StaffBooking } from '../../../lib/data/staff-tools.ts';
import { formatAed } from '../../../lib/money.ts';
import { STATS_TIMEZONE } from '../../../lib/stats/period.ts';
import { paymentText, plain } from '../member-info/render.ts';
import { button, buttonRow } from '../../buttons.ts';

const CHOICE_LIMIT = 100;

const packageOf = (t: TFunction, booking: StaffBooking) => booking.package_name ?? t('staff-tools:unknownPackage');
const memberOf = (t: TFunction, booking: StaffBooking) => (booking.discord_user_id ? `<@${booking.discord_user_id}>` : t('staff-tools:paid.member'));

/** One autocomplete choice: reference, Dubai time, package and who booked (plain text: choices show no markdown). */
export function bookingChoice(t: TFunction, booking: StaffBooking): ApplicationCommandOptionChoiceData<string> {
	const when = DateTime.fromJSDate(booking.starts_at).setZone(STATS_TIMEZONE).toFormat('ccc d LLL HH:mm');
	const who = [booking.invitee_name, booking.invitee_email ? `<${booking.invitee_email}>` : null].filter(Boolean).join(' ') || '-';
	const name = t('staff-tools:choice', { ref: bookingRef(booking.id), when, package: packageOf(t, booking), who });
	return { name: name.length > CHOICE_LIMIT ? `${name.slice(0, CHOICE_LIMIT - 1)}…` : name, value: booking.id };
}

/** The unmatched bookings, one line each with its reference, for when staff typed a reference that matched nothing. */
export function unmatchedList(t: TFunction, bookings: readonly StaffBooking[]): string {
	if (bookings.length === 0) return t('staff-tools:link.noneUnmatched');
	const lines = bookings.map(
		(booking) =>
			`\`${bookingRef(booking.id)}\` ${time(booking.starts_at, TimestampStyles.ShortDateTime)} · ${plain(packageOf(t, booking), 40)} · ${plain(booking.invitee_name ?? '-', 40)}`
	);
	return t('staff-tools:link.unmatched', { list: lines.join('\n') });
}

export const bookingFacts = (t: TFunction, booking: StaffBooking) => ({
	ref: bookingRef(booking.id),
	package: plain(packageOf(t, booking), 60),
	when: time(booking.starts_at, TimestampStyles.LongDateTime),
	member: memberOf(t, booking)
});

/** Asks staff to confirm a payment before it is recorded, warning when it differs from what the member owes. */
export function renderPaymentConfirmation(t: TFunction, booking: StaffBooking, fils: number, method: string): BaseMessageOptions {
	const amount = formatAed(filsToAed(fils));
	const due = amountDueFils(booking);
	const lines = [t('staff-tools:paid.confirm', { amount, method: t(`staff-tools:methods.${method}`), ...bookingFacts(t, booking) })];
	if (due !== fils) lines.push(t('staff-tools:paid.differsFromDue', { due: formatAed(filsToAed(due)), price: formatAed(booking.price_aed) }));
	const row = buttonRow(
		button(customId(CUSTOM_ID_KINDS.staffConfirm, booking.id), ButtonStyle.Success, t('staff-tools:paid.buttons.confirm')),
		button(customId(CUSTOM_ID_KINDS.staffCancel, booking.id), ButtonStyle.Secondary, t('staff-tools:paid.buttons.cancel'))
	);
	return { content: lines.join('\n'), components: [row], allowedMentions: { parse: [] } };
}

export function renderRefundConfirmation(t: TFunction, booking: StaffBooking): BaseMessageOptions {
	const row = buttonRow(
		button(customId(CUSTOM_ID_KINDS.staffConfirm, booking.id), ButtonStyle.Danger, t('staff-tools:refund.confirmButton')),
		button(customId(CUSTOM_ID_KINDS.staffCancel, booking.id), ButtonStyle.Secondary, t('staff-tools:paid.buttons.cancel'))
	);
	return {
		content: t('staff-tools:refund.confirm', { ...bookingFacts(t, booking), payment: paymentText(t, booking) }),
		components: [row],
		allowedMentions: { parse: [] }
	};
}
