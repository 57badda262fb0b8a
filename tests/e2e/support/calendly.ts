import { signedDelivery } from '../../../supabase/functions/_shared/fixtures/deliveries.ts';

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
