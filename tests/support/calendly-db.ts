import type { Queryable } from '../../src/lib/data/db.ts';
import { createBookingLinkToken } from '../../supabase/functions/_shared/booking-token.ts';
import { FIXTURE_EVENT_TYPE } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import * as make from './rows.ts';

/**
 * A migrated database made ready for the fixture deliveries (supabase/functions/_shared/fixtures/deliveries.ts):
 * their event type is the Full Tune-Up's, as `fpsos calendly` maps it, and `member` exists (a delivery whose Discord
 * answer names their id or username is theirs). Returns that member's id.
 */
export async function readyForDeliveries(db: Queryable, member: { discord_user_id: string; username: string }): Promise<string> {
	await db.query('update public.packages set calendly_event_type_uri = $1 where code = $2', [FIXTURE_EVENT_TYPE, 'full']);
	return (await make.member(db, member)).id;
}

/** A personal booking link for the Full Tune-Up, as /book gives a member: returns the token Calendly carries back. */
export async function personalLink(db: Queryable, memberId: string): Promise<string> {
	const { token, tokenHash } = await createBookingLinkToken();
	await make.bookingLink(db, { token_hash: tokenHash, member_id: memberId, package_code: 'full' });
	return token;
}

/** A booking's notifications, kind -> status, in order of kind. */
export async function notificationsOf(db: Queryable, bookingId: string): Promise<Record<string, string>> {
	const rows = await db.query<{ kind: string; status: string }>(
		'select kind, status from public.notifications where booking_id = $1 order by kind',
		[bookingId]
	);
	return Object.fromEntries(rows.map((row) => [row.kind, row.status]));
}

/**
 * What a reschedule leaves, whichever of its two deliveries comes first: the old booking's notifications canceled,
 * and the replacement's pending, with "moved" where a new booking would have its confirmation.
 */
export const AFTER_RESCHEDULE = {
	old: { booking_confirmation: 'canceled', reminder_24h: 'canceled', reminder_2h: 'canceled', staff_booking_card: 'canceled' },
	replacement: { booking_moved: 'pending', reminder_24h: 'pending', reminder_2h: 'pending', staff_booking_card: 'pending' }
} as const;
