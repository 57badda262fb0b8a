/**
 * Personal Calendly links. Each link carries an unguessable token in utm_content; booking_links stores only the
 * token's SHA-256, bound to the member. Calendly sends the token back in the webhook's tracking, which is how a
 * booking finds its member. The hashing is shared with the webhook handler (Deno and Node), so it lives with it.
 */
export { createBookingLinkToken, hashBookingToken, isBookingToken, type BookingLinkToken } from '../integrations/calendly/core.ts';

export interface PersonalLinkOptions {
	/** Pre-fills the invitee's name on Calendly's form. */
	name?: string | null | undefined;
	/** From createBookingLinkToken(); travels as utm_content. */
	token: string;
}

/** The package's Calendly scheduling URL with the name pre-filled, utm_source=discord and the token in utm_content. */
export function personalCalendlyUrl(baseUrl: string, { name, token }: PersonalLinkOptions): string {
	const url = new URL(baseUrl);
	if (url.protocol !== 'https:') throw new Error('A Calendly scheduling link must use https');
	const trimmed = name?.trim();
	if (trimmed) url.searchParams.set('name', trimmed.slice(0, 100));
	url.searchParams.set('utm_source', 'discord');
	url.searchParams.set('utm_content', token);
	return url.toString();
}
