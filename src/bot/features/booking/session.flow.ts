import { container } from '@sapphire/framework';
import { TimestampStyles, time } from 'discord.js';
import type { TFunction } from 'i18next';
import { loadBooking } from '../../../lib/data/bookings.ts';
import { completeSession, markNoShow } from '../../../lib/data/sessions.ts';

/** Staff close a session (delivered or no-show) and get one line back saying what happened. */
export async function closeSession(
	t: TFunction,
	bookingId: string,
	outcome: 'complete' | 'no_show',
	staffId: string
): Promise<{ ok: boolean; text: string }> {
	const result =
		outcome === 'complete'
			? await completeSession(container.db, bookingId, `discord:${staffId}`)
			: await markNoShow(container.db, bookingId, `discord:${staffId}`);
	if (!result.ok) return { ok: false, text: t(result.reason === 'not_found' ? 'session:notFound' : 'session:notScheduled') };
	const booking = await loadBooking(container.db, bookingId);
	const member = booking?.discord_user_id ? `<@${booking.discord_user_id}>` : t('session:unknownMember');
	const when = booking ? time(booking.starts_at, TimestampStyles.LongDateTime) : '';
	container.log.info('Session closed', { booking: bookingId, outcome, staff: staffId });
	return { ok: true, text: t(outcome === 'complete' ? 'session:completed' : 'session:noShowDone', { member, when }) };
}

/** The seed's keyword: staff typing "session complete" in a booking's private thread completes that session. */
export const SESSION_COMPLETE_KEYWORD = /^\s*session complete[.!]?\s*$/i;
