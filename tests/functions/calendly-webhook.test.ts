import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	buildCalendlyDelivery,
	handleCalendlyDelivery,
	signCalendlyBody,
	storeCalendlyDelivery,
	type CalendlyResult
} from '../../supabase/functions/_shared/calendly/index.ts';
import { MAX_WRITES_IN_FLIGHT } from '../../supabase/functions/_shared/calendly/store.ts';
import {
	deliveryBytes,
	inviteeCanceled,
	inviteeCreated,
	inviteeUriOf,
	newInviteeUri,
	signedDelivery
} from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { AFTER_RESCHEDULE, notificationsOf, personalLink, readyForDeliveries } from '../support/calendly-db.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';

/**
 * The same handler the Edge Function runs, from Node, on the bot's own Db (PGlite always, PostgreSQL when
 * DATABASE_URL is set). The full matrix runs under Deno: supabase/functions/calendly-webhook/index.test.ts.
 */
const KEY = 'fpsos_test_signing_key_0123456789';
const HOUR = 3600_000;

interface Booking {
	id: string;
	status: string;
	member_id: string | null;
	match_method: string | null;
	package_code: string | null;
	price_aed: string;
	replaces_booking_id: string | null;
	new_invitee_uri: string | null;
	cancel_reason: string | null;
}

describe.each(databaseTargets())('Calendly webhook handler on $name', (target) => {
	let database: TestDatabase;
	let db: Db;
	let memberId: string;

	const deliver = async (delivery: unknown, at = new Date()): Promise<CalendlyResult> =>
		handleCalendlyDelivery(await signedDelivery(delivery, KEY, at), { db, signingKey: KEY });
	const booking = async (inviteeUri: string) =>
		(await db.query<Booking & Record<string, unknown>>('select * from public.bookings where calendly_invitee_uri = $1', [inviteeUri]))[0];
	const notifications = (bookingId: string) => notificationsOf(db, bookingId);
	const count = async (table: 'bookings' | 'webhook_events') =>
		(await db.query<{ n: number }>(`select count(*)::int as n from public.${table}`))[0]!.n;

	beforeAll(async () => {
		database = await target.create();
		db = database.db;
		await migrate(db);
		memberId = await readyForDeliveries(db, { discord_user_id: '300000000000000001', username: 'player_one' });
	});
	afterAll(async () => {
		await database?.dispose();
	});

	test('401 without a valid, fresh signature; nothing written', async () => {
		const bytes = deliveryBytes(inviteeCreated());
		const before = await count('webhook_events');
		const now = Math.floor(Date.now() / 1000);
		for (const signatureHeader of [
			null,
			't=1,v1=00',
			await signCalendlyBody(bytes, 'wrong_key_0123456789', now),
			await signCalendlyBody(bytes, KEY, now - 200)
		]) {
			expect((await handleCalendlyDelivery({ rawBody: bytes, signatureHeader }, { db, signingKey: KEY })).status).toBe(401);
		}
		expect(await count('webhook_events')).toBe(before);
	});

	test('400 when the signed body is not JSON', async () => {
		const bytes = new TextEncoder().encode('{"event":');
		const result = await handleCalendlyDelivery(
			{ rawBody: bytes, signatureHeader: await signCalendlyBody(bytes, KEY, Math.floor(Date.now() / 1000)) },
			{ db, signingKey: KEY }
		);
		expect(result.status).toBe(400);
	});

	test('an event it does not handle is acknowledged and recorded as ignored', async () => {
		const result = await deliver({
			event: 'routing_form_submission.created',
			created_at: new Date().toISOString(),
			payload: { uri: 'https://api.calendly.com/routing_form_submissions/x1' }
		});
		expect(result).toMatchObject({ status: 200, body: { ok: true, outcome: 'ignored', booking_id: null } });
	});

	test('invitee.created through the personal link: the member, the package price and four notifications', async () => {
		const token = await personalLink(db, memberId);
		const delivery = inviteeCreated({ token, startsAt: new Date(Date.now() + 3 * 24 * HOUR) });
		const result = await deliver(delivery);
		expect(result).toMatchObject({ status: 200, body: { outcome: 'processed', duplicate: false } });
		const row = (await booking(inviteeUriOf(delivery)))!;
		expect(row).toMatchObject({
			member_id: memberId,
			match_method: 'link_token',
			package_code: 'full',
			price_aed: '399.00',
			status: 'scheduled'
		});
		expect(await notifications(row.id)).toEqual({
			booking_confirmation: 'pending',
			reminder_24h: 'pending',
			reminder_2h: 'pending',
			staff_booking_card: 'pending'
		});
	});

	test('the same delivery five times at once: one booking, one set of notifications, one claim', async () => {
		const signed = await signedDelivery(inviteeCreated({ answers: [{ question: 'Discord username', answer: 'Player_One' }] }), KEY);
		const results = await Promise.all(Array.from({ length: 5 }, () => handleCalendlyDelivery(signed, { db, signingKey: KEY })));
		expect(results.every((result) => result.status === 200)).toBe(true);
		expect(results.filter((result) => result.body.ok && !result.body.duplicate)).toHaveLength(1);
		const inviteeUri = inviteeUriOf(JSON.parse(new TextDecoder().decode(signed.rawBody)));
		const rows = await db.query<{ id: string; member_id: string | null }>(
			'select id, member_id from public.bookings where calendly_invitee_uri = $1',
			[inviteeUri]
		);
		expect(rows).toHaveLength(1);
		// A typed username proves nothing: the booking waits for the member's answer to the claim.
		expect(rows[0]!.member_id).toBeNull();
		const claims = await db.query<{ member_id: string; basis: string }>(
			'select member_id, basis from public.booking_claims where booking_id = $1',
			[rows[0]!.id]
		);
		expect(claims).toEqual([{ member_id: memberId, basis: 'discord_answer' }]);
		expect(Object.keys(await notifications(rows[0]!.id))).toEqual([
			'booking_claim',
			'booking_confirmation',
			'reminder_24h',
			'reminder_2h',
			'staff_booking_card'
		]);
	});

	test('invitee.canceled: canceled, pending notifications canceled, one booking_canceled', async () => {
		const created = inviteeCreated();
		await deliver(created);
		const canceled = inviteeCanceled({ inviteeUri: inviteeUriOf(created) });
		await deliver(canceled);
		await deliver(canceled);
		const row = (await booking(inviteeUriOf(created)))!;
		expect(row).toMatchObject({ status: 'canceled', cancel_reason: 'Something came up' });
		expect(await notifications(row.id)).toEqual({
			booking_canceled: 'pending',
			booking_confirmation: 'canceled',
			reminder_24h: 'canceled',
			reminder_2h: 'canceled',
			staff_booking_card: 'canceled'
		});
	});

	test.each(['cancel-first', 'create-first'] as const)(
		'reschedule, %s: the old booking is rescheduled and replaced, one "moved" message',
		async (order) => {
			const oldUri = newInviteeUri();
			const newUri = newInviteeUri();
			const token = await personalLink(db, memberId);
			await deliver(inviteeCreated({ inviteeUri: oldUri, token }));
			const cancel = inviteeCanceled({ inviteeUri: oldUri, rescheduled: true, newInvitee: newUri });
			// Calendly sends the original tracking again: the token's second use, but the booking it replaces was proven.
			const create = inviteeCreated({ inviteeUri: newUri, oldInvitee: oldUri, token, startsAt: new Date(Date.now() + 4 * 24 * HOUR) });
			for (const delivery of order === 'cancel-first' ? [cancel, create] : [create, cancel]) {
				expect((await deliver(delivery)).status).toBe(200);
			}
			const old = (await booking(oldUri))!;
			const replacement = (await booking(newUri))!;
			expect(old).toMatchObject({ status: 'rescheduled', new_invitee_uri: newUri });
			expect(replacement).toMatchObject({ status: 'scheduled', replaces_booking_id: old.id, member_id: memberId, match_method: 'link_token' });
			expect(await notifications(old.id)).toEqual(AFTER_RESCHEDULE.old);
			expect(await notifications(replacement.id)).toEqual(AFTER_RESCHEDULE.replacement);
		}
	);

	/** Normalised deliveries and their raw bodies, as the handler passes them to storeCalendlyDelivery. */
	const normalised = async (deliveries: Record<string, unknown>[]) =>
		Promise.all(
			deliveries.map(async (delivery) => {
				const bytes = deliveryBytes(delivery);
				return { delivery: await buildCalendlyDelivery(delivery, bytes, new Date()), rawBody: new TextDecoder().decode(bytes) };
			})
		);
	/** The transaction (xmin) each invitee's booking was written in. */
	const transactions = async (inviteeUris: string[]) =>
		(
			await db.query<{ tx: string }>('select xmin::text as tx from public.bookings where calendly_invitee_uri = any($1::text[])', [inviteeUris])
		).map((row) => row.tx);

	test('deliveries arriving at once: each written once with its four notifications, copies counted', async () => {
		const deliveries = Array.from({ length: 12 }, (_, i) =>
			inviteeCreated({ answers: [{ question: 'Discord', answer: i % 2 ? '300000000000000001' : 'someone_else' }] })
		);
		const signed = await Promise.all(deliveries.map((delivery) => signedDelivery(delivery, KEY)));
		const results = await Promise.all(
			[...signed, signed[3]!, signed[3]!, signed[7]!].map((request) => handleCalendlyDelivery(request, { db, signingKey: KEY }))
		);
		expect(results.map((result) => result.status)).toEqual(Array(15).fill(200));
		expect(results.filter((result) => result.body.ok && result.body.duplicate)).toHaveLength(3);
		const rows = await db.query<{ id: string; notifications: number; deliveries: number }>(
			`select b.id, (select count(*)::int from public.notifications n where n.booking_id = b.id and n.kind <> 'booking_claim') as notifications,
				(select sum(w.deliveries)::int from public.webhook_events w where w.booking_id = b.id) as deliveries
			 from public.bookings b where b.calendly_invitee_uri = any($1::text[])`,
			[deliveries.map(inviteeUriOf)]
		);
		expect(rows).toHaveLength(12);
		expect(rows.every((row) => row.notifications === 4)).toBe(true);
		expect(rows.map((row) => row.deliveries).sort()).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3]);
		const [claims] = await db.query<{ n: number }>(
			'select count(*)::int as n from public.booking_claims c join public.bookings b on b.id = c.booking_id where b.calendly_invitee_uri = any($1::text[])',
			[deliveries.map(inviteeUriOf)]
		);
		expect(claims!.n).toBe(6);
	});

	test('while writes are in flight, the deliveries that wait share the next transaction', async () => {
		const deliveries = Array.from({ length: 10 }, () => inviteeCreated());
		const stored = await Promise.all((await normalised(deliveries)).map(({ delivery, rawBody }) => storeCalendlyDelivery(db, delivery, rawBody)));
		expect(stored.every((entry) => entry.outcome === 'unmatched' && !entry.duplicate && entry.bookingId)).toBe(true);
		// The first MAX_WRITES_IN_FLIGHT go at once, each alone; the rest waited and went together.
		expect(new Set(await transactions(deliveries.map(inviteeUriOf))).size).toBe(MAX_WRITES_IN_FLIGHT + 1);
	});

	test('a delivery the database refuses fails alone: the others that waited with it are written', async () => {
		await db.exec(`create function public.test_refuse() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
			create trigger test_refuse before insert on public.bookings for each row when (new.invitee_email = 'refused@fpsos.test')
				execute function public.test_refuse();`);
		const deliveries = Array.from({ length: 6 }, (_, i) => inviteeCreated({ email: i === 3 ? 'refused@fpsos.test' : null }));
		const writes = await normalised(deliveries);
		try {
			const settled = await Promise.allSettled(writes.map(({ delivery, rawBody }) => storeCalendlyDelivery(db, delivery, rawBody)));
			expect(settled.map((entry) => entry.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
			expect(await transactions(deliveries.map(inviteeUriOf))).toHaveLength(5);
			const [refused] = await db.query<{ n: number }>('select count(*)::int as n from public.webhook_events where dedupe_key = $1', [
				writes[3]!.delivery.dedupe_key
			]);
			expect(refused!.n).toBe(0);
		} finally {
			await db.exec('drop trigger test_refuse on public.bookings; drop function public.test_refuse();');
		}
		const retried = await storeCalendlyDelivery(db, writes[3]!.delivery, writes[3]!.rawBody);
		expect(retried).toMatchObject({ duplicate: false, outcome: 'unmatched' });
	});

	test('a database failure answers 5xx', async () => {
		const failing = { query: () => Promise.reject(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' })) };
		const result = await handleCalendlyDelivery(await signedDelivery(inviteeCreated(), KEY), { db: failing, signingKey: KEY });
		expect(result.status).toBeGreaterThanOrEqual(500);
	});
});
