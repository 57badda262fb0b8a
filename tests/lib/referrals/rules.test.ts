import { describe, expect, test } from 'vitest';
import { checkReferralUse, parseAedAmount, referralDiscount } from '../../../src/lib/referrals/rules.ts';

describe('referral rules', () => {
	test('the friend gets 10% off, rounded to the fils', () => {
		expect(referralDiscount(399)).toBe(39.9);
		expect(referralDiscount(199)).toBe(19.9);
		expect(referralDiscount(99.95)).toBe(10);
		expect(referralDiscount(0)).toBe(0);
	});

	test('no self-referral, one code per member, first sessions only, known codes only', () => {
		const base = { codeOwnerId: 'owner', memberId: 'friend', alreadyReferred: false, completedSessions: 0 };
		expect(checkReferralUse(base)).toEqual({ ok: true });
		expect(checkReferralUse({ ...base, codeOwnerId: 'friend' })).toEqual({ ok: false, reason: 'own_code' });
		expect(checkReferralUse({ ...base, alreadyReferred: true })).toEqual({ ok: false, reason: 'already_referred' });
		expect(checkReferralUse({ ...base, completedSessions: 1 })).toEqual({ ok: false, reason: 'returning_customer' });
		expect(checkReferralUse({ ...base, codeOwnerId: null })).toEqual({ ok: false, reason: 'unknown_code' });
	});

	test('staff amounts in AED: positive, two decimals at most, no text', () => {
		expect(parseAedAmount('50')).toBe(50);
		expect(parseAedAmount(' AED 49.5 ')).toBe(49.5);
		expect(parseAedAmount('12,75')).toBe(12.75);
		expect(parseAedAmount('0')).toBeNull();
		expect(parseAedAmount('-5')).toBeNull();
		expect(parseAedAmount('1.234')).toBeNull();
		expect(parseAedAmount('fifty')).toBeNull();
		expect(parseAedAmount('1e3')).toBeNull();
		expect(parseAedAmount('1000000')).toBeNull();
	});
});
