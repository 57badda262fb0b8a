import { container } from '@sapphire/framework';
import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, type BaseMessageOptions, type Message } from 'discord.js';
import type { TFunction } from 'i18next';
import { claimBookingThread, type BookingView } from '../../lib/data/bookings.ts';
import { setDmStatus } from '../../lib/data/members.ts';
import { inBatches } from '../../lib/staff.ts';
import { serverT } from '../i18n.ts';
import { bringStaffIn } from '../staff-roster.ts';

export type PrivateSend = { ok: true; message: Message; via: 'dm' | 'thread' } | { ok: false; permanent: boolean; error: string };

const isClosedDm = (error: unknown) => error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser;

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
	const thread = await parent.threads.create({ name: serverT()('booking:thread.name', { name: user.username }).slice(0, 100), type: ChannelType.PrivateThread, invitable: false });
	const recorded = await claimBookingThread(container.db, booking.id, thread.id);
	if (recorded !== thread.id) {
		// Another process created one first: use theirs, drop ours.
		await thread.delete().catch(() => undefined);
		return bookingThread(t, { ...booking, thread_channel_id: recorded }, userId);
	}
	await thread.members.add(userId);
	// Staff are added and named one by one: a bot's role mention in a private thread reaches nobody.
	const [first = [], ...rest] = inBatches(await bringStaffIn(thread));
	await thread.send({ content: [t('booking:thread.intro', { mention: `<@${userId}>` }), ...first.map((id) => `<@${id}>`)].join(' '), allowedMentions: { users: [userId, ...first] } });
	for (const batch of rest) await thread.send({ content: t('booking:thread.staffCall', { staff: batch.map((id) => `<@${id}>`).join(' ') }), allowedMentions: { users: batch } });
	return thread;
}

/**
 * Sends a member something about their booking: by DM, or in the booking's private thread when their DMs are
 * closed (known from before, or learnt now from 50007, which is never retried).
 */
export async function sendAboutBooking(t: TFunction, booking: BookingView, message: BaseMessageOptions, nonce: string): Promise<PrivateSend> {
	const userId = booking.discord_user_id;
	if (!userId || !booking.member_id) return { ok: false, permanent: true, error: 'booking has no member' };
	if (booking.dm_status !== 'closed') {
		try {
			// The DM channel straight from the id: no user lookup first (members are not all cached, and each lookup is
			// one more request in a queue discord.js runs one at a time).
			const dm = await container.client.users.createDM(userId);
			const sent = await dm.send({ ...message, nonce, enforceNonce: true });
			if (booking.dm_status !== 'open') await setDmStatus(container.db, booking.member_id, 'open');
			return { ok: true, message: sent, via: 'dm' };
		} catch (error) {
			if (!isClosedDm(error)) throw error;
			await setDmStatus(container.db, booking.member_id, 'closed');
		}
	}
	const thread = await bookingThread(t, booking, userId);
	if (!thread) return { ok: false, permanent: true, error: 'DMs closed and DISCORD_SESSIONS_CHANNEL_ID is not a text channel' };
	const sent = await thread.send({ ...message, nonce, enforceNonce: true });
	return { ok: true, message: sent, via: 'thread' };
}
