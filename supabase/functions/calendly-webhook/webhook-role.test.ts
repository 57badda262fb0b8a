import assert from 'node:assert/strict';
import postgres from 'postgres';
import { inviteeCreated, inviteeUriOf, signedDelivery } from '../_shared/fixtures/deliveries.ts';
import { createMigratedDatabase, databaseUrl } from '../_shared/testing/database.ts';
import { createCalendlyWebhook } from './handler.ts';

const KEY = 'fpsos_test_signing_key_0123456789';
const baseUrl = databaseUrl();

/**
 * The function connects as fpsos_webhook (CALENDLY_WEBHOOK_DB_URL; migration 20261207100000_tight_and_fast.sql), a role
 * that can execute the webhook's two functions and nothing else, and still records a delivery. The role is NOLOGIN,
 * so the test logs in as the owner and takes the role at connection start (`role` startup parameter), as `SET ROLE`
 * would: the privileges checked are the role's.
 */
Deno.test({
	name: 'calendly-webhook as fpsos_webhook: a delivery is recorded, a signature mismatch counted; the role reads nothing itself',
	ignore: !baseUrl,
	sanitizeOps: false,
	sanitizeResources: false,
	fn: async () => {
		const scratch = await createMigratedDatabase(baseUrl!);
		const asWebhook = new URL(scratch.url);
		asWebhook.searchParams.set('role', 'fpsos_webhook');
		const owner = postgres(scratch.url, { max: 1, onnotice: () => undefined });
		const role = postgres(asWebhook.toString(), { max: 1, onnotice: () => undefined });
		const fn = createCalendlyWebhook({
			get: (name) =>
				({
					CALENDLY_WEBHOOK_DB_URL: asWebhook.toString(),
					SUPABASE_DB_URL: 'postgres://nobody@127.0.0.1:1/unused',
					CALENDLY_WEBHOOK_SIGNING_KEY: KEY
				})[name]
		});
		try {
			const delivery = inviteeCreated();
			const signed = await signedDelivery(delivery, KEY, new Date());
			const response = await fn.fetch(
				new Request('http://127.0.0.1/functions/v1/calendly-webhook', {
					method: 'POST',
					body: signed.rawBody,
					headers: { 'content-type': 'application/json', 'Calendly-Webhook-Signature': signed.signatureHeader }
				})
			);
			assert.equal(response.status, 200, await response.clone().text());
			const [booking] = await owner`select status from public.bookings where calendly_invitee_uri = ${inviteeUriOf(delivery)}`;
			assert.equal(booking?.status, 'scheduled');

			// A delivery signed with another key is refused and counted by the same role (it alerts staff).
			const forged = await signedDelivery(inviteeCreated(), `${KEY}-previous`, new Date());
			const refused = await fn.fetch(
				new Request('http://127.0.0.1/functions/v1/calendly-webhook', {
					method: 'POST',
					body: forged.rawBody,
					headers: { 'content-type': 'application/json', 'Calendly-Webhook-Signature': forged.signatureHeader }
				})
			);
			assert.equal(refused.status, 401);
			const [counted] = await owner`select sum(failures)::int as n from public.calendly_signature_failures`;
			assert.equal(counted?.n, 1);

			const [who] = await role`select current_user as name`;
			assert.equal(who?.name, 'fpsos_webhook');
			await assert.rejects(role`select count(*) from public.bookings`, /permission denied/);
			await assert.rejects(role`select count(*) from public.webhook_events`, /permission denied/);
		} finally {
			await fn.close();
			await role.end();
			await owner.end();
			await scratch.drop();
		}
	}
});
