import type { Checklist, ChecklistItem } from '../booking/checklist.ts';
import type { DmStatus } from './members.ts';
import type { Queryable } from './db.ts';

/** A booking with what its messages need: the member's Discord id and DM state, the package's name and price. */
export interface BookingView {
	id: string;
	status: 'scheduled' | 'canceled' | 'rescheduled' | 'completed' | 'no_show';
	starts_at: Date;
	ends_at: Date;
	timezone: string | null;
	package_code: string | null;
	package_name: string | null;
	price_aed: string;
	discount_aed: string;
	reschedule_url: string | null;
	cancel_url: string | null;
	cancel_reason: string | null;
	checklist: Checklist;
	thread_channel_id: string | null;
	needs_staff_review: boolean;
	match_method: string | null;
	invitee_name: string | null;
	member_id: string | null;
	discord_user_id: string | null;
	dm_status: DmStatus | null;
	/** When the member left the server (null while they are in it): nothing is sent to them meanwhile. */
	member_left_at: Date | null;
	/** A pending claim: the member an unproven match named (asked by DM), and what named them. */
	claim_discord_user_id: string | null;
	claim_basis: string | null;
}

export async function loadBooking(db: Queryable, id: string): Promise<BookingView | null> {
	const [row] = await db.query<BookingView & Record<string, unknown>>(
		`select b.id, b.status, b.starts_at, b.ends_at, b.timezone, b.package_code, p.name as package_name, b.price_aed,
			b.discount_aed, b.reschedule_url, b.cancel_url, b.cancel_reason, b.checklist, b.thread_channel_id,
			b.needs_staff_review, b.match_method, b.invitee_name, b.member_id, m.discord_user_id, m.dm_status, m.left_at as member_left_at,
			cm.discord_user_id as claim_discord_user_id, c.basis as claim_basis
		 from public.bookings b
		 left join public.packages p on p.code = b.package_code
		 left join public.members m on m.id = b.member_id
		 left join public.booking_claims c on c.booking_id = b.id and c.status = 'pending'
		 left join public.members cm on cm.id = c.member_id
		 where b.id = $1`,
		[id]
	);
	return row ?? null;
}

/** Remembers the private thread used when the member's DMs are closed; the first one recorded wins. */
export async function claimBookingThread(db: Queryable, bookingId: string, threadId: string): Promise<string> {
	const [row] = await db.query<{ thread_channel_id: string }>(
		`update public.bookings set thread_channel_id = coalesce(thread_channel_id, $2) where id = $1 returning thread_channel_id`,
		[bookingId, threadId]
	);
	return row?.thread_channel_id ?? threadId;
}

export async function setStaffMessage(db: Queryable, bookingId: string, messageId: string): Promise<void> {
	await db.query('update public.bookings set staff_message_id = $2 where id = $1', [bookingId, messageId]);
}

/** The booking's card in the staff channel, or null (no card posted, or no such booking). */
export async function staffMessageOf(db: Queryable, bookingId: string): Promise<string | null> {
	const [row] = await db.query<{ staff_message_id: string | null }>('select staff_message_id from public.bookings where id = $1', [bookingId]);
	return row?.staff_message_id ?? null;
}

/** Flips one checklist item, only for the booking's own member; returns the new checklist or null. */
export async function toggleChecklistItem(db: Queryable, bookingId: string, discordUserId: string, item: ChecklistItem): Promise<Checklist | null> {
	const [row] = await db.query<{ checklist: Checklist }>(
		`update public.bookings b
		 set checklist = b.checklist || jsonb_build_object($3::text, not coalesce((b.checklist ->> $3)::boolean, false))
		 from public.members m
		 where b.id = $1 and m.id = b.member_id and m.discord_user_id = $2
		 returning b.checklist`,
		[bookingId, discordUserId, item]
	);
	return row?.checklist ?? null;
}
