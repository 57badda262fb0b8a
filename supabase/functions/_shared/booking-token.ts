import { sha256Hex, toBase64Url } from './bytes.ts';

/**
 * Personal booking-link tokens. A token is 256 random bits in base64url (43 characters): it carries no Discord id
 * and cannot be guessed. Only its SHA-256 (hex) is stored, in booking_links.token_hash; the token itself travels in
 * the Calendly link's utm_content and comes back in the webhook's tracking.utm_content.
 */
export const BOOKING_TOKEN_BYTES = 32;

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export interface BookingLinkToken {
	/** Goes into the link (utm_content); never stored. */
	token: string;
	/** SHA-256 hex of the token: what booking_links.token_hash holds. */
	tokenHash: string;
}

export async function createBookingLinkToken(): Promise<BookingLinkToken> {
	const token = toBase64Url(crypto.getRandomValues(new Uint8Array(BOOKING_TOKEN_BYTES)));
	return { token, tokenHash: await hashBookingToken(token) };
}

/** SHA-256 hex of the token's UTF-8 bytes (64 lower-case hex characters). */
export function hashBookingToken(token: string): Promise<string> {
	return sha256Hex(token);
}

/** True for strings shaped like a token from createBookingLinkToken (anything else is not worth a lookup). */
export function isBookingToken(value: string): boolean {
	return tokenShape.test(value);
}
