import { container } from '@sapphire/framework';
import { ChannelType, type BaseMessageOptions, type Message } from 'discord.js';
import type { TFunction } from 'i18next';
import { claimBookingThread, type BookingView } from '../../lib/data/bookings.ts';
import { setDmStatus } from '../../lib/data/members.ts';
import { inBatches } from '../../lib/staff.ts';
import { serverT } from '../i18n.ts';
import { dmMember, noteDeparture, stillInServer } from '../member-reach.ts';
import { bringStaffIn } from '../staff-roster.ts';

export type PrivateSend =
	{ ok: true; message: Message; via: 'dm' | 'thread' } | { ok: false; permanent: boolean; error: string } | { ok: false; left: true };

/** The booking's private thread in the sessions channel (the member, and every staff member added and named), created once. */
async function bookingThread(t: TFunction, booking: BookingView, userId: string) {
	const channelId = container.config.DISCORD_SESSIONS_CHANNEL_ID;
	if (booking.thread_channel_id) {
		const existing = await container.client.channels.fetch(booking.thread_channel_id).catch(() => null);
		if (existing?.isThread()) return existing;
	}
	const parent = channelId ? await container.client.channels.fetch(channelId).catch(() => null) : null;
	if (!parent || parent.type !== ChannelType.GuildText) return null;
	const user = await container.client.users.fetch(userId);
	const thread = await parent.threads.create({
		name: serverT()('booking:thread.name', { name: user.username }).slice(0, 100),
		type: ChannelType.PrivateThread,
		invitable: false
	});
	const recorded = await claimBookingThread(container.db, booking.id, thread.id);
	if (recorded !== thread.id) {
		// Another process created one first: use theirs, drop ours.
		await thread.delete().catch(() => undefined);
		return bookingThread(t, { ...booking, thread_channel_id: recorded }, userId);
	}
	await thread.members.add(userId);
	// Staff are added and named one by one: a bot's role mention in a private thread reaches nobody.
	const [first = [], ...rest] = inBatches(await bringStaffIn(thread));
	await thread.send({
		content: [t('booking:thread.intro', { mention: `<@${userId}>` }), ...first.map((id) => `<@${id}>`)].join(' '),
		allowedMentions: { users: [userId, ...first] }
	});
	for (const batch of rest)
		await thread.send({
			content: t('booking:thread.staffCall', { staff: batch.map((id) => `<@${id}>`).join(' ') }),
			allowedMentions: { users: batch }
		});
	return thread;
}

/**
 * Sends a member something about their booking: by DM, or in the booking's private thread when their DMs are
 * closed (known from before, or learnt now from 50007, which is never retried). A member who left the server gets
 * nothing (`left`): not a DM (Discord refuses it), not a thread they could not be added to.
 */
export async function sendAboutBooking(t: TFunction, booking: BookingView, message: BaseMessageOptions, nonce: string): Promise<PrivateSend> {
	const userId = booking.discord_user_id;
	if (!userId || !booking.member_id) return { ok: false, permanent: true, error: 'booking has no member' };
	if (booking.member_left_at) return { ok: false, left: true };
	if (booking.dm_status !== 'closed') {
		const sent = await dmMember(userId, { ...message, nonce, enforceNonce: true });
		if (sent.ok) {
			if (booking.dm_status !== 'open') await setDmStatus(container.db, booking.member_id, 'open');
			return { ok: true, message: sent.message, via: 'dm' };
		}
		if (sent.refused === 'left') return { ok: false, left: true };
		await setDmStatus(container.db, booking.member_id, 'closed');
	} else if (!(await stillInServer(userId))) {
		// Closed DMs from before, and gone since (the bot missed the departure): a thread would be empty.
		await noteDeparture(userId);
		return { ok: false, left: true };
	}
	const thread = await bookingThread(t, booking, userId);
	if (!thread) return { ok: false, permanent: true, error: 'DMs closed and DISCORD_SESSIONS_CHANNEL_ID is not a text channel' };
	const sent = await thread.send({ ...message, nonce, enforceNonce: true });
	return { ok: true, message: sent, via: 'thread' };
}
