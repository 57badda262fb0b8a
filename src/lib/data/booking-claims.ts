import type { Db, Queryable } from './db.ts';
import { planNotification, wakeOutbox } from './notifications.ts';

/**
 * Claims: a booking that only an unproven match tied to a member (a Discord id or username typed into the Calendly
 * form, an e-mail seen before, a personal link used twice or expired) is kept without a member, and that member is
 * asked whether it is theirs (public.calendly_insert_booking, supabase/migrations/20261207152000_calendly_plans_notifications.sql, writes the claim and plans
 * the DM). Yes links the booking; No leaves it to staff. Staff linking a booking settles its claim too.
 */

export type ClaimBasis = 'discord_answer' | 'email' | 'link_reused' | 'link_expired';
export type ClaimStatus = 'pending' | 'confirmed' | 'declined' | 'withdrawn';

/** What the claim DM shows: the session's time and the name typed into the form, nothing else of the booking. */
export interface ClaimView {
	id: string;
	status: ClaimStatus;
	basis: ClaimBasis;
	booking_id: string;
	starts_at: Date;
	booking_status: string;
	invitee_name: string | null;
	discord_user_id: string | null;
}

export async function loadClaim(db: Queryable, claimId: string): Promise<ClaimView | null> {
	const [row] = await db.query<ClaimView & Record<string, unknown>>(
		`select c.id, c.status, c.basis, c.booking_id, b.starts_at, b.status as booking_status, b.invitee_name, m.discord_user_id
		 from public.booking_claims c
		 join public.bookings b on b.id = c.booking_id
		 join public.members m on m.id = c.member_id
		 where c.id = $1`,
		[claimId]
	);
	return row ?? null;
}

export interface Attached {
	status: string;
	startsAt: Date;
	/** A confirmation skipped while the booking had no member was planned again (the session is still ahead). */
	confirmationPlanned: boolean;
	/** The booking's referral discount came from the member's own code and was dropped. */
	ownReferralDropped: boolean;
}

/**
 * Links a booking that has no member to one, inside the caller's transaction: only while it has none (so once). Its
 * planned notifications get the member, a confirmation skipped for want of a member is planned again when the session
 * is still ahead, a discount from the member's own referral code is dropped, and the booking's pending claim is
 * settled (confirmed when it named this member and they confirmed it, withdrawn otherwise).
 */
export async function attachBooking(tx: Queryable, bookingId: string, memberId: string, method: 'staff' | 'claim'): Promise<Attached | null> {
	const [own] = await tx.query<{ own: boolean }>(
		`select exists (select 1 from public.bookings b join public.referral_codes rc on rc.id = b.referral_code_id where b.id = $1 and rc.member_id = $2) as own`,
		[bookingId, memberId]
	);
	const ownReferral = own?.own ?? false;
	const [linked] = await tx.query<{ status: string; starts_at: Date }>(
		`update public.bookings
		 set member_id = $2, match_method = $4, needs_staff_review = package_code is null,
			referral_code_id = case when $3 then null else referral_code_id end,
			discount_aed = case when $3 then 0 else discount_aed end
		 where id = $1 and member_id is null
		 returning status, starts_at`,
		[bookingId, memberId, ownReferral, method]
	);
	if (!linked) return null;
	await tx.query(`update public.notifications set member_id = $2 where booking_id = $1 and member_id is null`, [bookingId, memberId]);
	await tx.query(
		`update public.booking_claims set status = case when $3 = 'claim' and member_id = $2 then 'confirmed' else 'withdrawn' end, decided_at = now()
		 where booking_id = $1 and status = 'pending'`,
		[bookingId, memberId, method]
	);
	// The claim DM is no longer a question once the booking has its member.
	await tx.query(
		`update public.notifications set status = 'canceled', canceled_at = now(), cancel_reason = 'claim settled'
		 where booking_id = $1 and kind = 'booking_claim' and status = 'pending'`,
		[bookingId]
	);
	const replanned = await tx.query(
		`update public.notifications
		 set status = 'pending', due_at = now(), claimed_by = null, claimed_until = null, queued_at = null, last_error = null,
			cancel_reason = null
		 where booking_id = $1 and kind in ('booking_confirmation', 'booking_moved') and status = 'skipped'
			and $2 = 'scheduled' and $3::timestamptz > now()
		 returning id`,
		[bookingId, linked.status, linked.starts_at]
	);
	if (replanned.length > 0) await wakeOutbox(tx, bookingId);
	return { status: linked.status, startsAt: linked.starts_at, confirmationPlanned: replanned.length > 0, ownReferralDropped: ownReferral };
}

export type ClaimAnswer =
	{ ok: true; confirmationPlanned: boolean } | { ok: false; reason: 'not_found' | 'not_yours' | 'settled'; status?: ClaimStatus };

/** Locks the claim and checks it is this Discord user's and still open. */
async function openClaim(tx: Queryable, claimId: string, discordUserId: string) {
	const [claim] = await tx.query<{ booking_id: string; member_id: string; status: ClaimStatus; discord_user_id: string | null }>(
		`select c.booking_id, c.member_id, c.status, m.discord_user_id
		 from public.booking_claims c join public.members m on m.id = c.member_id
		 where c.id = $1
		 for update of c`,
		[claimId]
	);
	if (!claim) return { ok: false as const, reason: 'not_found' as const };
	if (claim.discord_user_id !== discordUserId) return { ok: false as const, reason: 'not_yours' as const };
	if (claim.status !== 'pending') return { ok: false as const, reason: 'settled' as const, status: claim.status };
	return { ok: true as const, claim };
}

/** The named member says the booking is theirs: linked to them (match 'claim'), once. */
export async function confirmClaim(db: Db, claimId: string, discordUserId: string): Promise<ClaimAnswer> {
	return db.transaction(async (tx) => {
		const open = await openClaim(tx, claimId, discordUserId);
		if (!open.ok) return open;
		const attached = await attachBooking(tx, open.claim.booking_id, open.claim.member_id, 'claim');
		if (!attached) {
			// Staff linked the booking in the meantime.
			await tx.query(`update public.booking_claims set status = 'withdrawn', decided_at = now() where id = $1`, [claimId]);
			return { ok: false, reason: 'settled', status: 'withdrawn' };
		}
		return { ok: true, confirmationPlanned: attached.confirmationPlanned };
	});
}

/**
 * The named member says the booking is not theirs: the claim is declined, the booking stays with staff, and staff get
 * one alert saying so.
 */
export async function declineClaim(db: Db, claimId: string, discordUserId: string): Promise<ClaimAnswer> {
	return db.transaction(async (tx) => {
		const open = await openClaim(tx, claimId, discordUserId);
		if (!open.ok) return open;
		await tx.query(`update public.booking_claims set status = 'declined', decided_at = now() where id = $1`, [claimId]);
		await planNotification(tx, {
			kind: 'staff_alert',
			dedupeKey: `claim-declined:${claimId}`,
			payload: { reason: 'booking_claim_declined', booking: open.claim.booking_id.slice(0, 8), member: `<@${discordUserId}>` }
		});
		return { ok: true, confirmationPlanned: false };
	});
}
