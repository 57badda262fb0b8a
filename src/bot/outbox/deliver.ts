import { container } from '@sapphire/framework';
import { DiscordAPIError, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import { decideReminder } from '../../lib/booking/reminders.ts';
import { loadBooking, setStaffMessage, type BookingView } from '../../lib/data/bookings.ts';
import { MEMBER_LEFT } from '../../lib/data/departures.ts';
import type { DeliveryResult } from '../../lib/outbox/outcome.ts';
import { kindSpec, recipientOf, type KindsOf, type SenderName } from '../../lib/outbox/kinds.ts';
import type { OutboxRow, TypedOutboxRow } from '../../lib/data/outbox.ts';
import { renderCanceled, renderConfirmation, renderMoved, renderReminder, renderStaffCard } from '../features/booking/render.ts';
import { renderNoShowRebook, renderPerformanceCheck, renderRecheckAsk, renderTestimonialRequest } from '../features/follow-ups/render.ts';
import { sendableChannel } from '../channels.ts';
import { memberT, serverT } from '../i18n.ts';
import { deliverClaimNotification } from '../features/booking/senders.ts';
import { deliverDepartureNotice } from '../features/departures/senders.ts';
import { sendAboutBooking } from './member-channel.ts';
import { servedGuildId } from '../served-guild.ts';
import { nonceFor } from './nonce.ts';
import { deliverTestimonialNotification } from '../features/testimonials/senders.ts';
import { deliverTicketNotification } from '../features/tickets/senders.ts';

export { nonceFor };

function voiceLink(): string | null {
	const guild = servedGuildId();
	const voice = container.config.DISCORD_VOICE_CHANNEL_ID;
	return guild && voice ? `https://discord.com/channels/${guild}/${voice}` : null;
}

async function toMember(t: TFunction, booking: BookingView, message: BaseMessageOptions, row: OutboxRow): Promise<DeliveryResult> {
	const sent = await sendAboutBooking(t, booking, message, nonceFor(row.id));
	if (sent.ok) return { outcome: 'sent' };
	if ('left' in sent) return { outcome: 'skipped', reason: MEMBER_LEFT };
	return sent.permanent ? { outcome: 'skipped', reason: sent.error } : { outcome: 'retry', error: sent.error };
}

/** Whether the booking still holds the time this notification was planned for. */
function stillHolds(row: TypedOutboxRow<'booking_confirmation' | 'booking_moved' | 'reminder_24h' | 'reminder_2h'>, booking: BookingView): boolean {
	const planned = typeof row.payload.starts_at === 'string' ? Date.parse(row.payload.starts_at) : booking.starts_at.getTime();
	return booking.status === 'scheduled' && planned === booking.starts_at.getTime();
}

type BookingRow = TypedOutboxRow<KindsOf<'booking'>>;

async function deliverBookingNotification(row: BookingRow, booking: BookingView): Promise<DeliveryResult> {
	// Staff cards speak the server's language; everything addressed to the member speaks theirs.
	const t = recipientOf(row.kind) === 'staff' ? serverT() : await memberT(booking.discord_user_id);
	switch (row.kind) {
		case 'booking_confirmation':
		case 'booking_moved':
			if (!stillHolds(row, booking)) return { outcome: 'skipped', reason: 'the booking changed before the confirmation went out' };
			return toMember(t, booking, row.kind === 'booking_moved' ? renderMoved(t, booking) : renderConfirmation(t, booking), row);
		case 'booking_canceled':
			return toMember(t, booking, renderCanceled(t, booking), row);
		case 'reminder_24h':
		case 'reminder_2h': {
			if (!stillHolds(row, booking)) return { outcome: 'skipped', reason: 'the booking no longer holds this time' };
			const decision = decideReminder(row.kind, booking.starts_at, booking.ends_at, new Date());
			if ('skip' in decision) return { outcome: 'skipped', reason: decision.skip };
			return toMember(t, booking, renderReminder(t, decision.send, booking, voiceLink()), row);
		}
		case 'staff_booking_card': {
			const channel = await sendableChannel(container.config.DISCORD_STAFF_CHANNEL_ID);
			if (!channel) return { outcome: 'skipped', reason: 'DISCORD_STAFF_CHANNEL_ID is not set to a text channel' };
			const message = await channel.send({
				...renderStaffCard(t, booking, Boolean(row.payload.replaces_booking_id)),
				nonce: nonceFor(row.id),
				enforceNonce: true
			});
			await setStaffMessage(container.db, booking.id, message.id);
			return { outcome: 'sent' };
		}
		case 'no_show_rebook':
			if (booking.status !== 'no_show') return { outcome: 'skipped', reason: 'the booking is no longer a no-show' };
			return toMember(t, booking, renderNoShowRebook(t, booking), row);
		case 'testimonial_request':
		case 'performance_check':
			if (booking.status !== 'completed') return { outcome: 'skipped', reason: 'the session is not completed' };
			return toMember(
				t,
				booking,
				row.kind === 'testimonial_request' ? renderTestimonialRequest(t, booking) : renderPerformanceCheck(t, booking),
				row
			);
		case 'reoptimize_offer':
			if (booking.status !== 'completed') return { outcome: 'skipped', reason: 'the session is not completed' };
			return toMember(t, booking, renderRecheckAsk(t, booking), row);
		default: {
			const unhandled: never = row;
			throw new Error(`the booking sender has no case for ${(unhandled as OutboxRow).kind}`);
		}
	}
}

async function deliverAboutBooking(row: BookingRow): Promise<DeliveryResult> {
	if (!row.booking_id) return { outcome: 'skipped', reason: `${row.kind} without a booking` };
	const booking = await loadBooking(container.db, row.booking_id);
	if (!booking) return { outcome: 'skipped', reason: 'the booking no longer exists' };
	return deliverBookingNotification(row, booking);
}

async function deliverStaffAlert(row: TypedOutboxRow<'staff_alert'>): Promise<DeliveryResult> {
	const channel = await sendableChannel(container.config.DISCORD_ALERT_CHANNEL_ID ?? container.config.DISCORD_STAFF_CHANNEL_ID);
	if (!channel) return { outcome: 'skipped', reason: 'no staff or alert channel configured' };
	const t = serverT();
	const reason = row.payload.reason ?? 'unknown';
	// A failed notification's alert says what to do, by how it failed (src/lib/outbox/failure-alert.ts).
	const advice =
		typeof row.payload.advice === 'string'
			? { advice_text: t([`alerts:advice.${row.payload.advice}`, 'alerts:advice.exhausted'], { ...row.payload }) }
			: {};
	await channel.send({
		content: t([`alerts:${reason}`, 'alerts:unknown'], { ...row.payload, ...advice }),
		allowedMentions: { parse: [] },
		nonce: nonceFor(row.id),
		enforceNonce: true
	});
	return { outcome: 'sent' };
}

/** One sender per name of the registry (src/lib/outbox/kinds.ts): a kind cannot be registered without one. */
const SENDERS: { [S in SenderName]: (row: TypedOutboxRow<KindsOf<S>>) => Promise<DeliveryResult> } = {
	booking: deliverAboutBooking,
	staff_alert: deliverStaffAlert,
	booking_claim: deliverClaimNotification,
	departure: deliverDepartureNotice,
	testimonial: deliverTestimonialNotification,
	ticket: deliverTicketNotification
};

/**
 * Delivers one claimed outbox row through its kind's sender, its payload read with the kind's schema. Discord's
 * closed-DM and permission errors are permanent; others are retried. A kind the registry does not know (a row the
 * CHECK let through, so a registry out of step with the schema) or a payload its schema refuses (a writer that broke
 * the contract) fails at once, which alerts staff, rather than being skipped or retried quietly.
 */
export async function deliverNotification(row: OutboxRow): Promise<DeliveryResult> {
	const spec = kindSpec(row.kind);
	if (!spec) return { outcome: 'failed', error: `no sender for notification kind ${String(row.kind)}` };
	const payload = spec.payload.safeParse(row.payload);
	if (!payload.success) {
		const issues = payload.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
		return { outcome: 'failed', error: `the payload of ${row.kind} does not match its schema (${issues})` };
	}
	const send = SENDERS[spec.sender] as (row: TypedOutboxRow) => Promise<DeliveryResult>;
	try {
		return await send({ ...row, payload: payload.data } as TypedOutboxRow);
	} catch (error) {
		if (error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429) {
			return { outcome: 'failed', error: `Discord ${error.status} ${String(error.code)}: ${error.message}` };
		}
		throw error;
	}
}
