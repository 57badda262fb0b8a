/**
 * The owner's referral and credit rules, in AED. The database enforces them too (supabase/migrations/20261124010000_baseline.sql, and
 * the bookings trigger in 20261207151000_plan_notification.sql): these functions are what the bot shows and checks before asking it.
 */
export const REFERRAL_DISCOUNT_PERCENT = 10;
export const REFERRAL_REWARD_AED = 50;

/** Amounts are kept in fils (1/100 AED) to avoid binary fractions. */
const toFils = (aed: number) => Math.round(aed * 100);

/** The friend's discount on a package price, rounded to the fils as the database rounds it. */
export function referralDiscount(priceAed: number): number {
	return toFils(priceAed * (REFERRAL_DISCOUNT_PERCENT / 100)) / 100;
}

export type ReferralUse = { ok: true } | { ok: false; reason: 'own_code' | 'already_referred' | 'returning_customer' | 'unknown_code' };

/** Whether a member may use a code: not their own, not after being referred once, only before their first session. */
export function checkReferralUse(input: {
	codeOwnerId: string | null;
	memberId: string;
	alreadyReferred: boolean;
	completedSessions: number;
}): ReferralUse {
	if (input.codeOwnerId === null) return { ok: false, reason: 'unknown_code' };
	if (input.codeOwnerId === input.memberId) return { ok: false, reason: 'own_code' };
	if (input.alreadyReferred) return { ok: false, reason: 'already_referred' };
	if (input.completedSessions > 0) return { ok: false, reason: 'returning_customer' };
	return { ok: true };
}

/**
 * An amount of AED typed by staff ("50", "49.5", "AED 20.00"): positive, at most two decimals, at most 100,000.
 * Returns null for anything else.
 */
export function parseAedAmount(input: string): number | null {
	const match = /^(?:aed\s*)?(\d{1,6})(?:[.,](\d{1,2}))?$/i.exec(input.trim());
	if (!match) return null;
	const fils = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
	return fils > 0 && fils <= 10_000_000 ? fils / 100 : null;
}
