import { isUuid } from '../custom-ids.ts';
import type { PaymentMethod } from '../booking/payment.ts';
import { attachBooking } from './booking-claims.ts';
import type { Db, Queryable } from './db.ts';

/**
 * Staff tools on bookings: find a booking by the short reference staff see (the first 8 characters of its id) or by
 * its id, link an unmatched booking to a member, record a payment. Each change is one conditional UPDATE, so two
 * staff doing the same thing at once change it once, and nothing already set is ever overwritten.
 */

export type BookingStatus = 'scheduled' | 'canceled' | 'rescheduled' | 'completed' | 'no_show';
export type PaymentStatus = 'unpaid' | 'paid' | 'refunded' | 'waived';

export interface StaffBooking {
	id: string;
	status: BookingStatus;
	starts_at: Date;
	package_code: string | null;
	package_name: string | null;
	invitee_name: string | null;
	invitee_email: string | null;
	price_aed: string;
	discount_aed: string;
	credit_applied_aed: string;
	payment_status: PaymentStatus;
	paid_aed: string | null;
	payment_method: string | null;
	paid_at: Date | null;
	paid_by: string | null;
	member_id: string | null;
	discord_user_id: string | null;
}

/** The short reference shown to staff: the first 8 hex digits of the booking id. */
export function bookingRef(id: string): string {
	return id.slice(0, 8);
}

const refPattern = /^[0-9a-f]{8}$/;

const columns = `b.id, b.status, b.starts_at, b.package_code, p.name as package_name, b.invitee_name, b.invitee_email,
	b.price_aed, b.discount_aed, b.credit_applied_aed, b.payment_status, b.paid_aed, b.payment_method, b.paid_at, b.paid_by,
	b.member_id, m.discord_user_id`;
const from = `public.bookings b left join public.packages p on p.code = b.package_code left join public.members m on m.id = b.member_id`;

export type FoundBooking = { ok: true; booking: StaffBooking } | { ok: false; reason: 'invalid' | 'not_found' | 'ambiguous' };

/** A booking by id or short reference; a reference two bookings share is ambiguous. Reads the primary key only. */
export async function findBooking(db: Queryable, reference: string): Promise<FoundBooking> {
	const value = reference.trim().toLowerCase();
	let rows: StaffBooking[];
	if (isUuid(value)) {
		rows = await db.query<StaffBooking & Record<string, unknown>>(`select ${columns} from ${from} where b.id = $1`, [value]);
	} else if (refPattern.test(value)) {
		rows = await db.query<StaffBooking & Record<string, unknown>>(
			`select ${columns} from ${from} where b.id between $1::uuid and $2::uuid order by b.id limit 2`,
			[`${value}-0000-0000-0000-000000000000`, `${value}-ffff-ffff-ffff-ffffffffffff`]
		);
	} else {
		return { ok: false, reason: 'invalid' };
	}
	if (rows.length === 0) return { ok: false, reason: 'not_found' };
	if (rows.length > 1) return { ok: false, reason: 'ambiguous' };
	return { ok: true, booking: rows[0]! };
}

/** `%` and `_` typed by staff are searched for literally. */
function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** What staff typed, as the start of a booking id when it can be one ('' when it cannot). */
function idPrefix(text: string): string {
	return /^[0-9a-f-]{1,36}$/i.test(text) ? `${text.toLowerCase()}%` : '';
}

/**
 * Bookings no member could be matched to, newest first, optionally filtered by invitee name, e-mail or reference.
 * Unmatched bookings always need staff review, so the partial index on needs_staff_review serves this.
 */
export async function listUnmatchedBookings(db: Queryable, search = '', limit = 25): Promise<StaffBooking[]> {
	const text = search.trim().slice(0, 100);
	return db.query<StaffBooking & Record<string, unknown>>(
		`select ${columns} from ${from}
		 where b.needs_staff_review and b.member_id is null
			and ($1 = '' or b.invitee_name ilike $2 or b.invitee_email ilike $2 or ($3 <> '' and b.id::text like $3))
		 order by b.created_at desc
		 limit $4`,
		[text, likePattern(text), idPrefix(text), limit]
	);
}

/**
 * Unpaid sessions staff may record a payment for (or, with `paid`, paid ones they may refund): scheduled, completed or
 * missed, due in the last 60 days or ahead, nearest first, optionally filtered by invitee name, e-mail, Discord username or reference.
 */
export async function listUnpaidBookings(
	db: Queryable,
	search = '',
	limit = 25,
	paymentStatus: 'unpaid' | 'paid' = 'unpaid'
): Promise<StaffBooking[]> {
	const text = search.trim().slice(0, 100);
	return db.query<StaffBooking & Record<string, unknown>>(unpaidBookingsSql, [text, likePattern(text), idPrefix(text), limit, paymentStatus]);
}

/**
 * Parameters: search text, its LIKE pattern, id prefix, limit, payment status. Read through `bookings_payment_starts_idx`
 * (payment status, then the 60-day window), so it never visits the sessions of another payment status (exported so a
 * test can check its plan).
 */
export const unpaidBookingsSql = `select ${columns} from ${from}
	where b.status in ('scheduled', 'completed', 'no_show') and b.starts_at >= now() - interval '60 days'
		and b.payment_status = $5
		and ($1 = '' or b.invitee_name ilike $2 or b.invitee_email ilike $2 or m.username ilike $2 or ($3 <> '' and b.id::text like $3))
	order by abs(extract(epoch from b.starts_at - now()))
	limit $4`;

export type LinkOutcome =
	| { ok: true; booking: StaffBooking; confirmationPlanned: boolean; ownReferralDropped: boolean }
	| { ok: false; reason: 'not_found' | 'already_linked'; booking?: StaffBooking };

/**
 * Links an unmatched booking to a member, once: only while it has no member (src/lib/data/booking-claims.ts,
 * attachBooking: the planned notifications get the member, a skipped confirmation is planned again, a discount from
 * the member's own code is dropped, a pending claim is settled).
 */
export async function linkBooking(db: Db, bookingId: string, memberId: string): Promise<LinkOutcome> {
	const outcome = await db.transaction((tx) => attachBooking(tx, bookingId, memberId, 'staff'));
	const found = await findBooking(db, bookingId);
	if (!outcome) {
		if (!found.ok) return { ok: false, reason: 'not_found' };
		return { ok: false, reason: 'already_linked', booking: found.booking };
	}
	if (!found.ok) return { ok: false, reason: 'not_found' };
	return { ok: true, booking: found.booking, confirmationPlanned: outcome.confirmationPlanned, ownReferralDropped: outcome.ownReferralDropped };
}

export type PaidOutcome =
	| { ok: true; booking: StaffBooking }
	| { ok: false; reason: 'not_found' | 'not_payable' | 'already_settled' | 'over_price'; booking?: StaffBooking };

/**
 * Records a payment, once: only for an unpaid booking that is not canceled or rescheduled, and for at most its price.
 * Stores the amount, the method, when and who.
 */
export async function markBookingPaid(
	db: Queryable,
	bookingId: string,
	payment: { fils: number; method: PaymentMethod; actor: string }
): Promise<PaidOutcome> {
	const rows = await db.query(
		`update public.bookings
		 set payment_status = 'paid', paid_aed = $2::numeric / 100, payment_method = $3, paid_at = now(), paid_by = $4
		 where id = $1 and payment_status = 'unpaid' and status in ('scheduled', 'completed', 'no_show') and $2::numeric / 100 <= price_aed
		 returning id`,
		[bookingId, payment.fils, payment.method, payment.actor]
	);
	const found = await findBooking(db, bookingId);
	if (!found.ok) return { ok: false, reason: 'not_found' };
	const { booking } = found;
	if (rows.length === 1) return { ok: true, booking };
	if (booking.payment_status !== 'unpaid') return { ok: false, reason: 'already_settled', booking };
	if (!['scheduled', 'completed', 'no_show'].includes(booking.status)) return { ok: false, reason: 'not_payable', booking };
	return { ok: false, reason: 'over_price', booking };
}

export type RefundOutcome =
	{ ok: true; booking: StaffBooking; referralReversed: boolean } | { ok: false; reason: 'not_found' | 'not_paid'; booking?: StaffBooking };

/**
 * Records that a paid booking was refunded, once. A referral reward the booking earned is reversed by the bookings
 * trigger in the same statement (bookings_referral_effects, supabase/migrations/20261207151000_plan_notification.sql).
 */
export async function markBookingRefunded(db: Db, bookingId: string): Promise<RefundOutcome> {
	const outcome = await db.transaction(async (tx) => {
		const rows = await tx.query(`update public.bookings set payment_status = 'refunded' where id = $1 and payment_status = 'paid' returning id`, [
			bookingId
		]);
		// The bookings trigger reverses a rewarded referral in this same transaction (reversed_at = now(), its start).
		const reversed = await tx.query(`select 1 from public.referrals where booking_id = $1 and status = 'reversed' and reversed_at = now()`, [
			bookingId
		]);
		return { updated: rows.length === 1, referralReversed: reversed.length > 0 };
	});
	const found = await findBooking(db, bookingId);
	if (!found.ok) return { ok: false, reason: 'not_found' };
	return outcome.updated
		? { ok: true, booking: found.booking, referralReversed: outcome.referralReversed }
		: { ok: false, reason: 'not_paid', booking: found.booking };
}

/** The member row of a Discord user staff named, created when the bot never met them (nothing else is changed). */
export async function memberIdFor(
	db: Queryable,
	user: { discordUserId: string; username: string | null; displayName: string | null }
): Promise<string> {
	const [row] = await db.query<{ id: string }>(
		`with created as (
			insert into public.members (discord_user_id, username, display_name) values ($1, $2, $3)
			on conflict (discord_user_id) do nothing
			returning id
		 )
		 select id from created
		 union all
		 select id from public.members where discord_user_id = $1
		 limit 1`,
		[user.discordUserId, user.username, user.displayName]
	);
	return row!.id;
}
