import { container } from '@sapphire/framework';
import type { User } from 'discord.js';
import type { TFunction } from 'i18next';
import { checkPaidAmount, filsToAed, isPaymentMethod, type PaymentMethod } from '../../../lib/booking/payment.ts';
import {
	findBooking,
	linkBooking,
	listUnmatchedBookings,
	markBookingPaid,
	markBookingRefunded,
	memberIdFor,
	type FoundBooking,
	type StaffBooking
} from '../../../lib/data/staff-tools.ts';
import { formatAed } from '../../../lib/money.ts';
import { bookingFacts, unmatchedList } from './booking-tools.render.ts';
import { paymentText } from '../member-info/render.ts';

/** Why a reference found no single booking, in staff's words (with the unmatched list when it helps). */
async function notFound(t: TFunction, found: Exclude<FoundBooking, { ok: true }>, reference: string, listUnmatched: boolean): Promise<string> {
	const line = t(`staff-tools:find.${found.reason}`, { reference: reference.trim().slice(0, 40).replace(/`/g, '') });
	if (!listUnmatched || found.reason === 'ambiguous') return line;
	return `${line}\n\n${unmatchedList(t, await listUnmatchedBookings(container.db, '', 10))}`;
}

/** `/booking link`: one line saying what happened. */
export async function linkBookingToUser(t: TFunction, reference: string, user: User, staffId: string): Promise<string> {
	if (user.bot) return t('staff-tools:link.bot');
	const found = await findBooking(container.db, reference);
	if (!found.ok) return notFound(t, found, reference, true);
	const memberId = await memberIdFor(container.db, { discordUserId: user.id, username: user.username, displayName: user.globalName });
	const outcome = await linkBooking(container.db, found.booking.id, memberId);
	if (!outcome.ok) {
		if (outcome.reason === 'not_found') return t('staff-tools:find.not_found', { reference: found.booking.id.slice(0, 8) });
		const facts = bookingFacts(t, outcome.booking ?? found.booking);
		return outcome.booking?.discord_user_id ? t('staff-tools:link.alreadyLinked', facts) : t('staff-tools:link.alreadyLinkedUnknown', facts);
	}
	container.log.info('Booking linked by staff', { booking: found.booking.id, staff: staffId });
	const lines = [t('staff-tools:link.done', bookingFacts(t, outcome.booking))];
	if (outcome.confirmationPlanned) lines.push(t('staff-tools:link.confirmationPlanned'));
	if (outcome.ownReferralDropped) lines.push(t('staff-tools:link.ownReferralDropped'));
	return lines.join('\n');
}

export type PaymentRequest = { ok: true; booking: StaffBooking; fils: number; method: PaymentMethod } | { ok: false; text: string };

/** `/booking paid` before the confirmation: the booking exists, can be paid, and the amount is plausible. */
export async function preparePayment(t: TFunction, reference: string, method: string, amount: number): Promise<PaymentRequest> {
	if (!isPaymentMethod(method)) return { ok: false, text: t('staff-tools:paid.invalidMethod') };
	const found = await findBooking(container.db, reference);
	if (!found.ok) return { ok: false, text: await notFound(t, found, reference, false) };
	const settled = settledText(t, found.booking);
	if (settled) return { ok: false, text: settled };
	const checked = checkPaidAmount(amount, found.booking.price_aed);
	if (!checked.ok) {
		const shown = Number.isFinite(amount) ? formatAed(amount) : String(amount);
		return { ok: false, text: t(`staff-tools:paid.amount.${checked.reason}`, { amount: shown, price: formatAed(found.booking.price_aed) }) };
	}
	return { ok: true, booking: found.booking, fils: checked.fils, method };
}

/** Why a booking takes no payment, or null when it can be paid. */
function settledText(t: TFunction, booking: StaffBooking): string | null {
	const facts = bookingFacts(t, booking);
	if (booking.payment_status !== 'unpaid') return t('staff-tools:paid.alreadySettled', { ...facts, payment: paymentText(t, booking) });
	if (booking.status === 'canceled' || booking.status === 'rescheduled')
		return t('staff-tools:paid.notPayable', { ...facts, status: t(`staff-tools:statuses.${booking.status}`) });
	return null;
}

/** After staff confirmed: records the payment once and says what was recorded, or why nothing was. */
export async function recordPayment(t: TFunction, request: Extract<PaymentRequest, { ok: true }>, staffId: string): Promise<string> {
	const outcome = await markBookingPaid(container.db, request.booking.id, {
		fils: request.fils,
		method: request.method,
		actor: `discord:${staffId}`
	});
	if (!outcome.ok) {
		if (!outcome.booking) return t('staff-tools:find.not_found', { reference: request.booking.id.slice(0, 8) });
		return (
			settledText(t, outcome.booking) ??
			t('staff-tools:paid.amount.over_price', { amount: formatAed(filsToAed(request.fils)), price: formatAed(outcome.booking.price_aed) })
		);
	}
	container.log.info('Payment recorded by staff', { booking: request.booking.id, staff: staffId, method: request.method });
	return t('staff-tools:paid.done', {
		ref: bookingFacts(t, outcome.booking).ref,
		amount: formatAed(filsToAed(request.fils)),
		method: t(`staff-tools:methods.${request.method}`),
		staff: `<@${staffId}>`
	});
}

/** `/booking refund` before the confirmation: the booking exists and was paid. */
export async function prepareRefund(t: TFunction, reference: string): Promise<{ ok: true; booking: StaffBooking } | { ok: false; text: string }> {
	const found = await findBooking(container.db, reference);
	if (!found.ok) return { ok: false, text: await notFound(t, found, reference, false) };
	if (found.booking.payment_status !== 'paid')
		return { ok: false, text: t('staff-tools:refund.notPaid', { ...bookingFacts(t, found.booking), payment: paymentText(t, found.booking) }) };
	return { ok: true, booking: found.booking };
}

/** After staff confirmed: records the refund once; a referral reward the booking earned is reversed with it. */
export async function recordRefund(t: TFunction, booking: StaffBooking, staffId: string): Promise<string> {
	const outcome = await markBookingRefunded(container.db, booking.id);
	if (!outcome.ok) {
		if (!outcome.booking) return t('staff-tools:find.not_found', { reference: booking.id.slice(0, 8) });
		return t('staff-tools:refund.notPaid', { ...bookingFacts(t, outcome.booking), payment: paymentText(t, outcome.booking) });
	}
	container.log.info('Refund recorded by staff', { booking: booking.id, staff: staffId, referralReversed: outcome.referralReversed });
	const lines = [t('staff-tools:refund.done', { ref: bookingFacts(t, outcome.booking).ref, staff: `<@${staffId}>` })];
	if (outcome.referralReversed) lines.push(t('staff-tools:refund.referralReversed'));
	return lines.join('\n');
}
