import { inviteeCreated, newInviteeUri, signedDelivery } from '../../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { Queryable } from '../../../src/lib/data/db.ts';
import { createBookingLink } from '../../../src/lib/data/booking-links.ts';
import { upsertMember } from '../../../src/lib/data/members.ts';
import type { FakeMember, MessageView } from '../../support/fake-discord/index.ts';

/**
 * Calendly delivering to a bot: the delivery's JSON, signed with `signingKey` as Calendly signs it (over the raw
 * bytes, with a fresh timestamp), posted to the bot's `/webhooks/calendly`. Returns Calendly's view: the response.
 */
export async function postCalendly(botUrl: string, delivery: unknown, signingKey: string): Promise<Response> {
	const { rawBody, signatureHeader } = await signedDelivery(delivery, signingKey);
	return fetch(`${botUrl}/webhooks/calendly`, {
		method: 'POST',
		body: rawBody,
		headers: { 'calendly-webhook-signature': signatureHeader, 'content-type': 'application/json' }
	});
}

/** The token a member's personal booking link carries through Calendly and back (its button's utm_content). */
export function linkToken(link: MessageView): string {
	const token = new URL(link.buttons[0]?.url ?? 'missing:').searchParams.get('utm_content');
	if (!token) throw new Error(`no booking link with a token in: ${link.text}`);
	return token;
}

/**
 * The member books through their personal link: `/book package:full` (plus `options`), then Calendly delivers the
 * booking (invitee.created with the link's token, starting in an hour) and the bot accepts it. Returns the link
 * message and the new invitee's URI, the booking's key.
 */
export async function bookThroughLink(
	botUrl: string,
	member: FakeMember,
	signingKey: string,
	options: Record<string, string> = {}
): Promise<{ link: MessageView; invitee: string }> {
	const link = await (await member.slash('book', { options: { package: 'full', ...options } })).message();
	const invitee = newInviteeUri();
	const delivery = inviteeCreated({ inviteeUri: invitee, token: linkToken(link), startsAt: new Date(Date.now() + 3600_000) });
	const response = await postCalendly(botUrl, delivery, signingKey);
	if (response.status !== 200) throw new Error(`the bot answered the booking with ${response.status}: ${await response.text()}`);
	return { link, invitee };
}

/**
 * A Full Tune-Up booking for `member` without going through Discord: their member row and personal link written
 * straight to the bot's database, then Calendly's delivery carrying the link's token. Returns the booking's id.
 */
export async function bookForMember(bot: { db: Queryable; http: { url: string } }, member: FakeMember, signingKey: string): Promise<string> {
	const row = await upsertMember(bot.db, { discordUserId: member.id, username: member.username });
	const token = await createBookingLink(bot.db, row.id, 'full');
	const response = await postCalendly(bot.http.url, inviteeCreated({ token }), signingKey);
	if (response.status !== 200) throw new Error(`the bot answered the booking with ${response.status}: ${await response.text()}`);
	return ((await response.json()) as { booking_id: string }).booking_id;
}
