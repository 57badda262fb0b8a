import { describe, expect, test } from 'vitest';
import { generateReferralCode, normalizeReferralCode, REFERRAL_ALPHABET } from '../../../src/lib/referrals/codes.ts';

describe('referral codes', () => {
	test('the alphabet has no look-alikes (0/O, 1/I)', () => {
		for (const ambiguous of ['0', 'O', '1', 'I']) expect(REFERRAL_ALPHABET).not.toContain(ambiguous);
		expect(new Set(REFERRAL_ALPHABET).size).toBe(32);
	});

	test('generated codes are six characters of the alphabet, and match what the database accepts', () => {
		const seen = new Set<string>();
		for (let index = 0; index < 2000; index += 1) {
			const code = generateReferralCode();
			expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
			seen.add(code);
		}
		// 2,000 draws from about a billion codes: a repeat would mean a broken generator.
		expect(seen.size).toBe(2000);
	});

	test('each character comes from the picker, so every letter of the alphabet can appear', () => {
		let next = 0;
		expect(generateReferralCode(32, () => next++)).toBe(REFERRAL_ALPHABET);
	});

	test('what members type is normalised; impossible codes are refused', () => {
		expect(normalizeReferralCode(' k7m-2qx ')).toBe('K7M2QX');
		expect(normalizeReferralCode('k7m 2qx')).toBe('K7M2QX');
		expect(normalizeReferralCode('K0M2QX')).toBeNull();
		expect(normalizeReferralCode('KIM2QX')).toBeNull();
		expect(normalizeReferralCode('ABC')).toBeNull();
		expect(normalizeReferralCode('ABCDEFGHJKLMN')).toBeNull();
		expect(normalizeReferralCode('<@123>')).toBeNull();
	});
});
