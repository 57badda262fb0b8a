import { planFollowUps } from '../booking/follow-ups.ts';
import { kindsOfPhase } from '../outbox/kinds.ts';
import type { Db, Queryable } from './db.ts';
import { planNotification } from './notifications.ts';

/** Reminders that no longer make sense once a session is over, whatever its outcome. */
const BEFORE_SESSION_KINDS = kindsOfPhase('before');
/** Follow-ups of a delivered session, withdrawn when staff correct it to a no-show. */
const AFTER_SESSION_KINDS = kindsOfPhase('after');
/** How long after completing a session staff may still correct it to a no-show. */
export const NO_SHOW_CORRECTION_DAYS = 7;

export type SessionOutcome = { ok: true; bookingId: string; memberId: string | null } | { ok: false; reason: 'not_found' | 'not_scheduled' };

async function closeSession(
	db: Db,
	bookingId: string,
	from: string,
	set: string,
	params: unknown[],
	plan: (tx: Queryable, booking: { id: string; member_id: string | null; timezone: string | null; completed_at: Date }) => Promise<void>
): Promise<SessionOutcome> {
	return db.transaction(async (tx) => {
		const [booking] = await tx.query<{ id: string; member_id: string | null; timezone: string | null; completed_at: Date }>(
			`update public.bookings set ${set} where id = $1 and ${from} returning id, member_id, timezone, coalesce(completed_at, no_show_at) as completed_at`,
			[bookingId, ...params]
		);
		if (!booking) {
			const exists = await tx.query('select 1 from public.bookings where id = $1', [bookingId]);
			return { ok: false, reason: exists.length === 0 ? 'not_found' : 'not_scheduled' };
		}
		await tx.query(
			`update public.notifications set status = 'canceled', canceled_at = now(), cancel_reason = 'session over'
			 where booking_id = $1 and status = 'pending' and kind = any($2::text[])`,
			[bookingId, BEFORE_SESSION_KINDS]
		);
		await plan(tx, booking);
		return { ok: true, bookingId, memberId: booking.member_id };
	});
}

/**
 * Staff marked the session delivered: the booking is completed (once: a second call changes nothing) and its
 * follow-ups are planned at sensible local hours: testimonial request, a check-in after a week, an offer after three
 * months.
 */
export function completeSession(db: Db, bookingId: string, actor: string, now = new Date()): Promise<SessionOutcome> {
	return closeSession(
		db,
		bookingId,
		`status = 'scheduled'`,
		`status = 'completed', completed_at = $2, completed_by = $3`,
		[now, actor],
		async (tx, booking) => {
			for (const { kind, dueAt } of planFollowUps(now, booking.timezone)) {
				await planNotification(tx, { kind, dueAt, bookingId: booking.id, memberId: booking.member_id });
			}
		}
	);
}

/**
 * The member did not come: the booking is a no-show (not revenue) and they get a friendly rebook message now. Staff
 * may also correct a session completed by mistake in the last few days: its follow-ups are withdrawn and a referral
 * reward it earned is reversed (by the bookings trigger, in this transaction).
 */
export function markNoShow(db: Db, bookingId: string, actor: string, now = new Date()): Promise<SessionOutcome> {
	const from = `(status = 'scheduled' or (status = 'completed' and completed_at > now() - interval '${NO_SHOW_CORRECTION_DAYS} days'))`;
	return closeSession(db, bookingId, from, `status = 'no_show', no_show_at = $2, completed_by = $3`, [now, actor], async (tx, booking) => {
		await tx.query(
			`update public.notifications set status = 'canceled', canceled_at = now(), cancel_reason = 'marked no-show'
			 where booking_id = $1 and status = 'pending' and kind = any($2::text[])`,
			[booking.id, AFTER_SESSION_KINDS]
		);
		await planNotification(tx, { kind: 'no_show_rebook', bookingId: booking.id, memberId: booking.member_id });
	});
}

/**
 * The booking staff most likely mean for a member: their scheduled session closest to now; for a no-show, failing
 * that, a session completed in the last few days (a correction).
 */
export async function currentBookingOf(db: Queryable, discordUserId: string, options: { forNoShow?: boolean } = {}): Promise<string | null> {
	const [row] = await db.query<{ id: string }>(
		`select b.id from public.bookings b join public.members m on m.id = b.member_id
		 where m.discord_user_id = $1 and (b.status = 'scheduled'
			or ($2 and b.status = 'completed' and b.completed_at > now() - interval '${NO_SHOW_CORRECTION_DAYS} days'))
		 order by b.status = 'scheduled' desc, abs(extract(epoch from b.starts_at - now())) limit 1`,
		[discordUserId, options.forNoShow === true]
	);
	return row?.id ?? null;
}

export async function bookingOfThread(db: Queryable, threadId: string): Promise<string | null> {
	const [row] = await db.query<{ id: string }>(
		`select id from public.bookings where thread_channel_id = $1 and status = 'scheduled' order by starts_at desc limit 1`,
		[threadId]
	);
	return row?.id ?? null;
}
