import { generateReferralCode, normalizeReferralCode } from '../referrals/codes.ts';
import { checkReferralUse, type ReferralUse } from '../referrals/rules.ts';
import type { Db, Queryable } from './db.ts';

const MAX_CODE_ATTEMPTS = 8;

/** The member's referral code, created on first use. Concurrent calls agree on one code. */
export async function ensureReferralCode(db: Queryable, memberId: string, generate: () => string = () => generateReferralCode()): Promise<string> {
	for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt += 1) {
		const [existing] = await db.query<{ code: string }>('select code from public.referral_codes where member_id = $1', [memberId]);
		if (existing) return existing.code;
		// A clash on the code (another member's) inserts nothing either: try another code.
		const [created] = await db.query<{ code: string }>(
			'insert into public.referral_codes (member_id, code) values ($1, $2) on conflict do nothing returning code',
			[memberId, generate()]
		);
		if (created) return created.code;
	}
	throw new Error('Could not find a free referral code');
}

export interface ReferralSummary {
	code: string;
	/** Friends who used the code: applied it in Discord or booked with it. */
	friends: number;
	/** Friends whose session was completed (the reward was earned). */
	rewarded: number;
	/** Credit earned from referrals, net of reversals, in AED. */
	earnedAed: string;
}

export async function referralSummary(db: Queryable, memberId: string): Promise<ReferralSummary> {
	const code = await ensureReferralCode(db, memberId);
	const [row] = await db.query<{ friends: number; rewarded: number; earned: string }>(
		`with code as (select id from public.referral_codes where member_id = $1)
		 select
			(select count(*)::int from (
				select r.referred_member_id from public.referrals r where r.referral_code_id = (select id from code)
				union
				select b.member_id from public.bookings b where b.referral_code_id = (select id from code) and b.member_id is not null
			) friends) as friends,
			(select count(*)::int from public.referrals where referrer_member_id = $1 and status = 'rewarded') as rewarded,
			(select coalesce(sum(amount_aed), 0)::numeric(10, 2)::text from public.credit_ledger where member_id = $1 and referral_id is not null) as earned`,
		[memberId]
	);
	return { code, friends: row!.friends, rewarded: row!.rewarded, earnedAed: row!.earned };
}

export type ApplyReferral =
	{ ok: true; code: string; referrerDiscordId: string | null } | Extract<ReferralUse, { ok: false }> | { ok: false; reason: 'invalid_code' };

/**
 * A friend applies someone's code before booking: remembered as a pending referral, so their personal booking links
 * carry it (10% off) and the referrer is rewarded when the friend's first session is completed.
 */
export async function applyReferralCode(db: Db, memberId: string, typed: string): Promise<ApplyReferral> {
	const code = normalizeReferralCode(typed);
	if (!code) return { ok: false, reason: 'invalid_code' };
	return db.transaction(async (tx) => {
		await tx.query('select 1 from public.members where id = $1 for update', [memberId]);
		const [facts] = await tx.query<{
			code_id: string | null;
			owner_id: string | null;
			owner_discord_id: string | null;
			referred: boolean;
			completed: number;
		}>(
			`select rc.id as code_id, rc.member_id as owner_id, m.discord_user_id as owner_discord_id,
				exists (select 1 from public.referrals where referred_member_id = $1) as referred,
				(select count(*)::int from public.bookings where member_id = $1 and status = 'completed') as completed
			 from (select 1) one
			 left join (public.referral_codes rc join public.members m on m.id = rc.member_id and m.anonymized_at is null)
				on rc.code = $2 and rc.revoked_at is null`,
			[memberId, code]
		);
		const use = checkReferralUse({
			codeOwnerId: facts!.owner_id,
			memberId,
			alreadyReferred: facts!.referred,
			completedSessions: facts!.completed
		});
		if (!use.ok) return use;
		await tx.query(
			`insert into public.referrals (referral_code_id, referrer_member_id, referred_member_id) values ($1, $2, $3)
			 on conflict (referred_member_id) do nothing`,
			[facts!.code_id, facts!.owner_id, memberId]
		);
		return { ok: true as const, code, referrerDiscordId: facts!.owner_discord_id };
	});
}
