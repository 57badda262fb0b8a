import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { calendlyFetchHandler, signCalendlyBody } from '../../supabase/functions/_shared/calendly/index.ts';
import { deliveryBytes, inviteeCreated, signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';

/**
 * Deliveries signed with another key (CALENDLY_WEBHOOK_SIGNING_KEY changed without `fpsos calendly subscribe --rotate`)
 * are counted per hour and alert staff once that hour, through the fetch handler the Edge Function serves and the bot
 * mounts at /webhooks/calendly (migrations 20261207131700_calendly_signature_failures.sql and 20261207151000_plan_notification.sql).
 */
const KEY = 'fpsos_test_signing_key_0123456789';
const OLD_KEY = 'fpsos_previous_signing_key_987654';

describe.each(databaseTargets())('signature mismatches on $name', (target) => {
	let database: TestDatabase;
	let db: Db;

	const post = async (at: Date, signed: { rawBody: Uint8Array; signatureHeader: string | null }) => {
		const handler = calendlyFetchHandler({ db, signingKey: KEY, now: () => at });
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (signed.signatureHeader) headers['Calendly-Webhook-Signature'] = signed.signatureHeader;
		return (await handler(new Request('http://127.0.0.1/webhooks/calendly', { method: 'POST', body: signed.rawBody, headers }))).status;
	};
	const alerts = async () =>
		db.query<{ dedupe_key: string; payload: Record<string, unknown> }>(
			`select dedupe_key, payload from public.notifications where kind = 'staff_alert' and dedupe_key like 'calendly-signature:%' order by dedupe_key`
		);
	const failures = async () =>
		db.query<Record<string, unknown>>('select to_json(f)::text as row, failures from public.calendly_signature_failures f order by window_start');

	beforeAll(async () => {
		database = await target.create();
		db = database.db;
		await migrate(db);
	});
	afterAll(async () => {
		await database?.dispose();
	});

	test('good deliveries and unsigned, malformed or stale ones count nothing and alert nobody', async () => {
		const at = new Date('2026-12-07T09:10:00Z');
		for (let i = 0; i < 3; i++) expect(await post(at, await signedDelivery(inviteeCreated(), KEY, at))).toBe(200);
		const bytes = deliveryBytes(inviteeCreated());
		expect(await post(at, { rawBody: bytes, signatureHeader: null })).toBe(401);
		expect(await post(at, { rawBody: bytes, signatureHeader: 't=1,v1=00' })).toBe(401);
		expect(await post(at, { rawBody: bytes, signatureHeader: await signCalendlyBody(bytes, KEY, Math.floor(at.getTime() / 1000) - 600) })).toBe(
			401
		);
		expect(await failures()).toEqual([]);
		expect(await alerts()).toEqual([]);
	});

	test('five deliveries signed with another key in one hour: all refused, counted, one alert with the fix; the next hour alerts again', async () => {
		const first = new Date('2026-12-07T10:15:00Z');
		const deliveries = Array.from({ length: 5 }, () => inviteeCreated({ email: 'private.player@fpsos.test', name: 'Private Player' }));
		for (const [i, delivery] of deliveries.entries()) {
			const at = new Date(first.getTime() + i * 60_000);
			expect(await post(at, await signedDelivery(delivery, OLD_KEY, at))).toBe(401);
		}
		const counted = await failures();
		expect(counted.map((row) => row.failures)).toEqual([5]);
		// Nothing of the requests is kept: no body, no address, no name.
		expect(JSON.stringify(counted)).not.toMatch(/private|invitee|calendly\.com/i);
		const [alert, ...more] = await alerts();
		expect(more).toEqual([]);
		expect(alert).toEqual({
			dedupe_key: 'calendly-signature:2026-12-07T10Z',
			payload: { reason: 'calendly_signature_failing', since: '2026-12-07 10:15', window: '2026-12-07 10:00' }
		});
		expect(await db.query(`select 1 from public.webhook_events where raw_body like '%private.player%'`)).toEqual([]);

		const later = new Date('2026-12-07T11:02:00Z');
		expect(await post(later, await signedDelivery(inviteeCreated(), OLD_KEY, later))).toBe(401);
		expect((await alerts()).map((row) => row.dedupe_key)).toEqual(['calendly-signature:2026-12-07T10Z', 'calendly-signature:2026-12-07T11Z']);
	});

	test('mismatches counted at once by several instances still plan one alert for their hour', async () => {
		const at = new Date('2026-12-07T14:30:00Z');
		const statuses = await Promise.all(Array.from({ length: 8 }, async () => post(at, await signedDelivery(inviteeCreated(), OLD_KEY, at))));
		expect(statuses).toEqual(Array(8).fill(401));
		expect((await alerts()).filter((row) => row.dedupe_key === 'calendly-signature:2026-12-07T14Z')).toHaveLength(1);
		expect((await failures()).at(-1)?.failures).toBe(8);
	});
});
