import { randomInt } from 'node:crypto';

/**
 * Referral codes are read aloud and typed on phones: upper-case letters and digits without the look-alikes 0/O and
 * 1/I. Six characters give 32^6 (about a billion) codes, so a collision (retried by the caller) is rare.
 */
export const REFERRAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const REFERRAL_CODE_LENGTH = 6;

const codePattern = new RegExp(`^[${REFERRAL_ALPHABET}]{4,12}$`);

export function generateReferralCode(length = REFERRAL_CODE_LENGTH, pick: (max: number) => number = randomInt): string {
	let code = '';
	for (let index = 0; index < length; index += 1) code += REFERRAL_ALPHABET[pick(REFERRAL_ALPHABET.length)];
	return code;
}

/**
 * What a member typed, made comparable: trimmed, upper-cased, spaces and dashes dropped. Look-alikes (0, O, 1, I) are
 * not in the alphabet, so a mistyped code fails here instead of matching another member's. Null when it cannot be one.
 */
export function normalizeReferralCode(input: string): string | null {
	const code = input
		.trim()
		.toUpperCase()
		.replace(/[\s-]+/g, '');
	return codePattern.test(code) ? code : null;
}
