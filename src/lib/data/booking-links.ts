import { createBookingLinkToken } from '../booking/links.ts';
import type { Queryable } from './db.ts';

/**
 * A member's personal booking link for a package: an unguessable token (only its SHA-256 is stored), bound to the
 * member, to the diagnostic or quick check that led there (their latest, if any) and to a friend's referral code the
 * member applied and has not used on a completed session yet (10% off).
 */
export async function createBookingLink(db: Queryable, memberId: string, packageCode: string): Promise<string> {
	const { token, tokenHash } = await createBookingLinkToken();
	await db.query(
		`insert into public.booking_links (token_hash, member_id, package_code, diagnostic_id, quick_assessment_id, referral_code_id)
		 values ($1, $2, $3,
			(select id from public.diagnostics where member_id = $2 order by created_at desc limit 1),
			(select id from public.quick_assessments where member_id = $2 order by created_at desc limit 1),
			(select referral_code_id from public.referrals where referred_member_id = $2 and status = 'pending'))`,
		[tokenHash, memberId, packageCode]
	);
	return token;
}
