import assert from 'node:assert/strict';
import postgres from 'postgres';
import { createBookingLinkToken } from '../_shared/booking-token.ts';
import { handleCalendlyDelivery } from '../_shared/calendly/handler.ts';
import { parseSignatureHeader, signCalendlyBody, verifyCalendlySignature } from '../_shared/calendly/signature.ts';
import {
	deliveryBytes,
	FIXTURE_EVENT_TYPE,
	inviteeCanceled,
	inviteeCreated,
	inviteeUriOf,
	newInviteeUri,
	noShowCreated,
	noShowDeleted,
	signedDelivery,
	type InviteeFixture
} from '../_shared/fixtures/deliveries.ts';
import { endlessBody, webhookContract } from '../_shared/fixtures/webhook-contract.ts';
import { openPostgresJsDb, tlsFor } from '../_shared/postgres-db.ts';
import { createMigratedDatabase, databaseUrl } from '../_shared/testing/database.ts';
import { createCalendlyWebhook } from './handler.ts';

const fixtures = new URL('../_shared/fixtures/', import.meta.url);
const KEY = 'fpsos_test_signing_key_0123456789';
const HOUR = 3600_000;

Deno.test('signature: the fixture vector (computed independently with node:crypto) verifies', async () => {
	const vector = JSON.parse(await Deno.readTextFile(new URL('signature-vector.json', fixtures)));
	const body = await Deno.readFile(new URL(vector.body_file, fixtures));
	const at = new Date(vector.t * 1000);
	assert.deepEqual(await verifyCalendlySignature(body, vector.header, vector.signing_key, at), { ok: true, timestamp: vector.t });
	assert.equal(await signCalendlyBody(body, vector.signing_key, vector.t), vector.header);
	assert.deepEqual(parseSignatureHeader(vector.header)?.timestamp, vector.t);
});

Deno.test('signature: refusals', async (t) => {
	const body = await Deno.readFile(new URL('invitee-created.json', fixtures));
	const now = new Date('2026-03-02T17:04:11Z');
	const at = (offsetSeconds: number) => Math.floor(now.getTime() / 1000) + offsetSeconds;
	const header = await signCalendlyBody(body, KEY, at(0));
	const verify = (h: string | null, key = KEY, bytes: Uint8Array = body) => verifyCalendlySignature(bytes, h, key, now);

	await t.step('missing header', async () => assert.deepEqual(await verify(null), { ok: false, reason: 'missing' }));
	await t.step('empty header', async () => assert.deepEqual(await verify('  '), { ok: false, reason: 'missing' }));
	for (const malformed of [
		'v1=abc',
		`t=${at(0)}`,
		`t=abc,v1=${'0'.repeat(64)}`,
		`t=${at(0)},v1=${'z'.repeat(64)}`,
		`t=${at(0)},v1=${'0'.repeat(63)}`
	]) {
		await t.step(`malformed ${malformed.slice(0, 24)}`, async () =>
			assert.deepEqual(await verify(malformed), { ok: false, reason: 'malformed' })
		);
	}
	await t.step('another key', async () => assert.deepEqual(await verify(header, 'another_key_0123456789'), { ok: false, reason: 'mismatch' }));
	await t.step('one byte changed', async () => {
		const tampered = body.slice();
		tampered[10] = tampered[10]! ^ 1;
		assert.deepEqual(await verify(header, KEY, tampered), { ok: false, reason: 'mismatch' });
	});
	await t.step('a re-serialised body (same JSON, other bytes)', async () => {
		const reserialised = new TextEncoder().encode(JSON.stringify(JSON.parse(new TextDecoder().decode(body))));
		assert.deepEqual(await verify(header, KEY, reserialised), { ok: false, reason: 'mismatch' });
	});
	await t.step('stale: more than 3 minutes old or ahead', async () => {
		assert.deepEqual(await verify(await signCalendlyBody(body, KEY, at(-181))), { ok: false, reason: 'stale' });
		assert.deepEqual(await verify(await signCalendlyBody(body, KEY, at(181))), { ok: false, reason: 'stale' });
	});
	await t.step('within 3 minutes either way', async () => {
		assert.equal((await verify(await signCalendlyBody(body, KEY, at(-179)))).ok, true);
		assert.equal((await verify(await signCalendlyBody(body, KEY, at(179)))).ok, true);
	});
	await t.step('key rotation: any matching v1 passes', async () => {
		const [, v1] = header.split(',');
		assert.equal((await verify(`t=${at(0)},v1=${'a'.repeat(64)}, ${v1}`)).ok, true);
	});
});

Deno.test('the database connection asks for TLS to any non-local host, whatever the URL says', () => {
	for (const [url, expected] of [
		['postgres://postgres:pw@db.abcdefghijklmnop.supabase.co:5432/postgres', 'require'],
		['postgres://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres', 'require'],
		['postgres://postgres:pw@db.abcdefghijklmnop.supabase.co:5432/postgres?sslmode=disable', 'require'],
		['postgres://postgres:pw@db.abcdefghijklmnop.supabase.co:5432/postgres?sslmode=prefer', 'require'],
		['postgres://postgres:pw@db.abcdefghijklmnop.supabase.co:5432/postgres?sslmode=verify-full', undefined],
		['postgres://postgres@127.0.0.1:5432/postgres', false],
		['postgres://postgres@localhost:54322/postgres', false],
		['postgres://postgres@[::1]:5432/postgres', false],
		['postgresql://postgres:postgres@supabase_db_fpsos-bot:5432/postgres', false],
		['postgres://postgres@127.0.0.1:5432/postgres?sslmode=require', undefined]
	] as const) {
		assert.equal(tlsFor(url), expected, url);
	}
});

Deno.test({
	name: 'the function refuses abuse cheaply, with the same answers as the bot endpoint (shared contract), the database only to count a mismatch',
	sanitizeOps: false,
	sanitizeResources: false,
	fn: async () => {
		// Nothing listens on port 1: a case that reached the database would answer 503, not its expected status (the
		// mismatch that is counted still answers 401 when counting fails).
		const fn = createCalendlyWebhook({
			get: (name) => ({ SUPABASE_DB_URL: 'postgres://postgres@127.0.0.1:1/none', CALENDLY_WEBHOOK_SIGNING_KEY: KEY })[name]
		});
		const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => undefined }, fn.fetch);
		try {
			for (const entry of await webhookContract(KEY)) {
				// Deno.serve's graceful shutdown waits for a request body to end: here the chunked body ends after 4 MiB (the
				// bot's endpoint test sends a truly endless one).
				const body = entry.body === 'endless' ? endlessBody(256) : entry.body;
				const response = await fetch(`http://127.0.0.1:${server.addr.port}/functions/v1/calendly-webhook`, {
					method: entry.method,
					headers: entry.headers,
					body
				});
				assert.deepEqual(
					{ name: entry.name, status: response.status, body: await response.json() },
					{ name: entry.name, status: entry.status, body: entry.answer }
				);
				if (entry.status === 405) assert.equal(response.headers.get('allow'), 'POST');
			}
		} finally {
			await server.shutdown();
			await fn.close();
		}
	}
});

Deno.test('signature: the timestamp is checked before any HMAC, and at most a few v1 values are tried', async () => {
	const body = await Deno.readFile(new URL('invitee-created.json', fixtures));
	const now = new Date('2026-03-02T17:04:11Z');
	const t = Math.floor(now.getTime() / 1000);
	const [, v1] = (await signCalendlyBody(body, KEY, t)).split(',');
	// A stale header whose v1 is right is refused as stale: the HMAC was never the deciding step.
	assert.deepEqual(await verifyCalendlySignature(body, `t=${t - 600},${v1}`, KEY, now), { ok: false, reason: 'stale' });
	const wrong = (n: number) => Array.from({ length: n }, (_, i) => `v1=${String(i).repeat(64).slice(0, 64)}`).join(',');
	assert.equal((await verifyCalendlySignature(body, `t=${t},${wrong(2)},${v1}`, KEY, now)).ok, true);
	assert.deepEqual(await verifyCalendlySignature(body, `t=${t},${wrong(3)},${v1}`, KEY, now), { ok: false, reason: 'malformed' });
	assert.equal(parseSignatureHeader(`t=${t},${wrong(4)}`), null);
});

const baseUrl = databaseUrl();

Deno.test({
	name: 'calendly-webhook against PostgreSQL',
	ignore: !baseUrl,
	sanitizeOps: false,
	sanitizeResources: false,
	fn: async (t) => {
		const scratch = await createMigratedDatabase(baseUrl!);
		const sql = postgres(scratch.url, { max: 4, onnotice: () => undefined });
		const fn = createCalendlyWebhook({ get: (name) => ({ SUPABASE_DB_URL: scratch.url, CALENDLY_WEBHOOK_SIGNING_KEY: KEY })[name] });
		const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => undefined }, fn.fetch);
		const endpoint = `http://127.0.0.1:${server.addr.port}/functions/v1/calendly-webhook`;

		async function post(
			rawBody: Uint8Array<ArrayBuffer>,
			signatureHeader: string | null,
			url = endpoint
		): Promise<{ status: number; body: Record<string, unknown> }> {
			const headers: Record<string, string> = { 'content-type': 'application/json' };
			if (signatureHeader !== null) headers['Calendly-Webhook-Signature'] = signatureHeader;
			const response = await fetch(url, { method: 'POST', body: rawBody, headers });
			return { status: response.status, body: await response.json() };
		}
		async function deliver(delivery: unknown, at = new Date()) {
			const signed = await signedDelivery(delivery, KEY, at);
			return post(signed.rawBody, signed.signatureHeader);
		}
		async function booking(inviteeUri: string) {
			const [row] = await sql`select * from public.bookings where calendly_invitee_uri = ${inviteeUri}`;
			return row;
		}
		async function notifications(bookingId: string) {
			const rows =
				await sql`select kind, status, due_at, member_id, cancel_reason, payload from public.notifications where booking_id = ${bookingId} order by kind`;
			return Object.fromEntries(rows.map((row) => [row.kind as string, row]));
		}
		async function count(table: 'bookings' | 'webhook_events' | 'notifications'): Promise<number> {
			const [row] = await sql.unsafe(`select count(*)::int as n from public.${table}`);
			return row!.n as number;
		}
		let snowflake = 300_000_000_000_000_000n;
		async function member(username: string | null = null): Promise<{ id: string; discordId: string }> {
			const discordId = String(snowflake++);
			const [row] = await sql`insert into public.members (discord_user_id, username) values (${discordId}, ${username}) returning id`;
			return { id: row!.id as string, discordId };
		}
		async function referralCode(memberId: string): Promise<{ id: string; code: string }> {
			const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
			const code = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => alphabet[byte % alphabet.length]).join('');
			const [row] = await sql`insert into public.referral_codes (member_id, code) values (${memberId}, ${code}) returning id`;
			return { id: row!.id as string, code };
		}
		async function personalLink(memberId: string, options: { referralCodeId?: string } = {}) {
			const { token, tokenHash } = await createBookingLinkToken();
			const [row] = await sql`insert into public.booking_links (token_hash, member_id, package_code, referral_code_id)
				values (${tokenHash}, ${memberId}, 'extreme', ${options.referralCodeId ?? null}) returning id`;
			return { token, linkId: row!.id as string };
		}

		try {
			await sql`update public.packages set calendly_event_type_uri = ${FIXTURE_EVENT_TYPE} where code = 'full'`;

			await t.step('401: no signature, a wrong one, a stale one; nothing written', async () => {
				const delivery = inviteeCreated();
				const before = await count('webhook_events');
				const bytes = deliveryBytes(delivery);
				assert.equal((await post(bytes, null)).status, 401);
				assert.equal((await post(bytes, await signCalendlyBody(bytes, 'not_the_key_0123456789', Math.floor(Date.now() / 1000)))).status, 401);
				assert.equal((await post(bytes, 't=1,v1=zz')).status, 401);
				assert.equal((await deliver(delivery, new Date(Date.now() - 4 * 60_000))).status, 401);
				assert.equal(await count('webhook_events'), before);
				assert.equal(await booking(inviteeUriOf(delivery)), undefined);
			});

			await t.step('400: signed but not JSON (or not an object); nothing written', async () => {
				const before = await count('webhook_events');
				for (const text of ['{"event": "invitee.created", ', 'not json', '[1,2]', '\xff']) {
					const bytes = text === '\xff' ? new Uint8Array([0x7b, 0xff, 0x7d]) : new TextEncoder().encode(text);
					const response = await post(bytes, await signCalendlyBody(bytes, KEY, Math.floor(Date.now() / 1000)));
					assert.equal(response.status, 400, text);
				}
				assert.equal(await count('webhook_events'), before);
			});

			await t.step('405 for other methods, 404-free path handling stays with serve.ts', async () => {
				const response = await fetch(endpoint);
				assert.equal(response.status, 405);
				await response.body?.cancel();
			});

			await t.step('2xx for an event it does not handle: recorded as ignored, nothing else', async () => {
				const bookings = await count('bookings');
				const envelope = {
					event: 'routing_form_submission.created',
					created_at: new Date().toISOString(),
					payload: { uri: `https://api.calendly.com/routing_form_submissions/${crypto.randomUUID()}` }
				};
				const response = await deliver(envelope);
				assert.equal(response.status, 200);
				assert.equal(response.body.outcome, 'ignored');
				const [event] =
					await sql`select outcome, event_type, booking_id from public.webhook_events where event_type = 'routing_form_submission.created'`;
				assert.deepEqual({ ...event }, { outcome: 'ignored', event_type: 'routing_form_submission.created', booking_id: null });
				assert.equal(await count('bookings'), bookings);
			});

			await t.step('5xx when the database is down', async () => {
				const down = createCalendlyWebhook({
					get: (name) => ({ SUPABASE_DB_URL: 'postgres://postgres@127.0.0.1:1/none', CALENDLY_WEBHOOK_SIGNING_KEY: KEY })[name]
				});
				try {
					const signed = await signedDelivery(inviteeCreated(), KEY);
					const response = await down.fetch(
						new Request(endpoint, {
							method: 'POST',
							body: signed.rawBody,
							headers: { 'Calendly-Webhook-Signature': signed.signatureHeader }
						})
					);
					assert.ok(response.status >= 500, `status ${response.status}`);
					await response.body?.cancel();
				} finally {
					await down.close();
				}
			});

			await t.step('5xx without a signing key or database URL configured', async () => {
				const unconfigured = createCalendlyWebhook({ get: () => undefined });
				const response = await unconfigured.fetch(new Request(endpoint, { method: 'POST', body: '{}' }));
				assert.equal(response.status, 500);
				await response.body?.cancel();
			});

			await t.step('a failure half-way keeps nothing and answers 5xx; the retry then succeeds', async () => {
				await sql.unsafe(`create function public.test_fail() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
					create trigger test_fail before insert on public.notifications for each row execute function public.test_fail();`);
				const delivery = inviteeCreated();
				const signed = await signedDelivery(delivery, KEY);
				const before = await count('webhook_events');
				try {
					assert.equal((await post(signed.rawBody, signed.signatureHeader)).status, 503);
					assert.equal(await booking(inviteeUriOf(delivery)), undefined);
					assert.equal(await count('webhook_events'), before);
				} finally {
					await sql.unsafe('drop trigger test_fail on public.notifications; drop function public.test_fail();');
				}
				const retry = await post(signed.rawBody, signed.signatureHeader);
				assert.equal(retry.status, 200);
				assert.equal(retry.body.duplicate, false);
				assert.ok(await booking(inviteeUriOf(delivery)));
			});

			await t.step('invitee.created via the personal link: member, link used, package, price, four notifications', async () => {
				const { id: memberId } = await member();
				const { token, linkId } = await personalLink(memberId);
				const startsAt = new Date(Date.now() + 3 * 24 * HOUR);
				const delivery = inviteeCreated({ token, startsAt });
				const response = await deliver(delivery);
				assert.equal(response.status, 200);
				assert.equal(response.body.outcome, 'processed');
				const row = (await booking(inviteeUriOf(delivery)))!;
				assert.equal(row.member_id, memberId);
				assert.equal(row.match_method, 'link_token');
				assert.equal(row.booking_link_id, linkId);
				assert.equal(row.package_code, 'full');
				assert.equal(row.price_aed, '399.00');
				assert.equal(row.discount_aed, '0.00');
				assert.equal(row.status, 'scheduled');
				assert.equal(row.needs_staff_review, false);
				assert.equal(row.timezone, 'Asia/Dubai');
				assert.equal((row.starts_at as Date).getTime(), startsAt.getTime());
				const [link] = await sql`select used_at from public.booking_links where id = ${linkId}`;
				assert.ok(link!.used_at instanceof Date);
				const planned = await notifications(row.id);
				assert.deepEqual(Object.keys(planned), ['booking_confirmation', 'reminder_24h', 'reminder_2h', 'staff_booking_card']);
				assert.equal(planned.reminder_24h.due_at.getTime(), startsAt.getTime() - 24 * HOUR);
				assert.equal(planned.reminder_2h.due_at.getTime(), startsAt.getTime() - 2 * HOUR);
				assert.ok(Math.abs(planned.booking_confirmation.due_at.getTime() - Date.now()) < 60_000);
				assert.ok(Object.values(planned).every((n) => n.status === 'pending' && n.member_id === memberId));
				const [event] = await sql`select outcome, booking_id, raw_body, deliveries from public.webhook_events where booking_id = ${row.id}`;
				assert.equal(event!.outcome, 'processed');
				assert.equal(event!.raw_body, new TextDecoder().decode(deliveryBytes(delivery)));
			});

			await t.step('the booking wakes the bot: NOTIFY fpsos_outbox with its id, after commit', async () => {
				const heard: string[] = [];
				const listener = postgres(scratch.url, { max: 1, onnotice: () => undefined });
				await listener.listen('fpsos_outbox', (payload) => heard.push(payload));
				const delivery = inviteeCreated();
				const response = await deliver(delivery);
				for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
				await listener.end();
				assert.deepEqual(heard, [response.body.booking_id]);
			});

			async function claimOf(bookingId: string) {
				const [claim] = await sql`select member_id, basis, status from public.booking_claims where booking_id = ${bookingId}`;
				return claim ? { ...claim } : undefined;
			}

			await t.step(
				'a Discord answer (id, mention, or username in any case) proves nothing: no member, a claim the member is asked',
				async () => {
					const byId = await member();
					const byMention = await member();
					const byName = await member(`Player_${crypto.randomUUID().slice(0, 6)}`);
					const cases: [string, string][] = [
						[byId.discordId, byId.id],
						[`<@!${byMention.discordId}>`, byMention.id],
						[`@${(await sql`select username from public.members where id = ${byName.id}`)[0]!.username.toUpperCase()}`, byName.id]
					];
					for (const [answer, memberId] of cases) {
						const delivery = inviteeCreated({ answers: [{ question: 'What is your Discord username?', answer }] });
						const response = await deliver(delivery);
						assert.equal(response.status, 200);
						assert.equal(response.body.outcome, 'unmatched');
						const row = (await booking(inviteeUriOf(delivery)))!;
						assert.equal(row.member_id, null, answer);
						assert.equal(row.match_method, null);
						assert.equal(row.needs_staff_review, true);
						assert.deepEqual(await claimOf(row.id), { member_id: memberId, basis: 'discord_answer', status: 'pending' });
						const planned = await notifications(row.id);
						assert.equal(planned.booking_claim.member_id, memberId);
						assert.equal(planned.booking_confirmation.member_id, null);
					}
				}
			);

			await t.step('an e-mail seen on an earlier booking is a claim too, never a link', async () => {
				const { id: memberId } = await member();
				const { token } = await personalLink(memberId);
				await deliver(inviteeCreated({ token, email: 'Returning.Player@fpsos.test' }));
				const second = inviteeCreated({ email: 'returning.player@FPSOS.test' });
				await deliver(second);
				const row = (await booking(inviteeUriOf(second)))!;
				assert.equal(row.member_id, null);
				assert.deepEqual(await claimOf(row.id), { member_id: memberId, basis: 'email', status: 'pending' });
			});

			await t.step('a personal link is proof once, within 14 days: a second use or an expired link is a claim', async () => {
				const { id: memberId } = await member();
				const { token } = await personalLink(memberId);
				const first = inviteeCreated({ token });
				const again = inviteeCreated({ token });
				await deliver(first);
				await deliver(again);
				assert.equal((await booking(inviteeUriOf(first)))!.member_id, memberId);
				const reused = (await booking(inviteeUriOf(again)))!;
				assert.equal(reused.member_id, null);
				assert.deepEqual(await claimOf(reused.id), { member_id: memberId, basis: 'link_reused', status: 'pending' });
				const old = await personalLink(memberId);
				await sql`update public.booking_links set expires_at = now() - interval '1 minute' where id = ${old.linkId}`;
				const late = inviteeCreated({ token: old.token });
				await deliver(late);
				const expired = (await booking(inviteeUriOf(late)))!;
				assert.equal(expired.member_id, null);
				assert.equal((await claimOf(expired.id))!.basis, 'link_expired');
			});

			await t.step('unmatched: kept with no member, flagged for staff', async () => {
				const delivery = inviteeCreated({ answers: [{ question: 'Discord', answer: 'nobody_we_know' }] });
				const response = await deliver(delivery);
				assert.equal(response.status, 200);
				assert.equal(response.body.outcome, 'unmatched');
				const row = (await booking(inviteeUriOf(delivery)))!;
				assert.equal(row.member_id, null);
				assert.equal(row.match_method, null);
				assert.equal(row.needs_staff_review, true);
				assert.equal(Object.keys(await notifications(row.id)).length, 4);
			});

			await t.step('package by event name when the event type is unknown', async () => {
				const delivery = inviteeCreated({ eventTypeUri: 'https://api.calendly.com/event_types/unknown', eventName: 'quick fix' });
				await deliver(delivery);
				const row = (await booking(inviteeUriOf(delivery)))!;
				assert.equal(row.package_code, 'quick');
				assert.equal(row.price_aed, '199.00');
			});

			await t.step("referral: 10% off with a friend's code (answer or link), never with one's own", async () => {
				const friend = await member();
				const { code } = await referralCode(friend.id);
				const newcomer = await member();
				const viaAnswer = inviteeCreated({
					answers: [
						{ question: 'Discord', answer: newcomer.discordId },
						{ question: 'Referral code', answer: code.toLowerCase() }
					]
				});
				await deliver(viaAnswer);
				let row = (await booking(inviteeUriOf(viaAnswer)))!;
				assert.equal(row.discount_aed, '39.90');
				assert.ok(row.referral_code_id);

				const friendCode = await referralCode(newcomer.id);
				const viaLink = await personalLink((await member()).id, { referralCodeId: friendCode.id });
				const linked = inviteeCreated({ token: viaLink.token });
				await deliver(linked);
				row = (await booking(inviteeUriOf(linked)))!;
				assert.equal(row.referral_code_id, friendCode.id);
				assert.equal(row.discount_aed, '39.90');

				const own = inviteeCreated({
					answers: [
						{ question: 'Discord', answer: friend.discordId },
						{ question: 'Referral code', answer: code }
					]
				});
				await deliver(own);
				row = (await booking(inviteeUriOf(own)))!;
				// Only a claim for the friend, and their own code gives nothing even so.
				assert.equal(row.member_id, null);
				assert.equal((await claimOf(row.id))!.member_id, friend.id);
				assert.equal(row.referral_code_id, null);
				assert.equal(row.discount_aed, '0.00');

				const unknown = inviteeCreated({ answers: [{ question: 'Referral code', answer: 'ZZZZ9999' }] });
				await deliver(unknown);
				assert.equal((await booking(inviteeUriOf(unknown)))!.discount_aed, '0.00');
			});

			await t.step('reminders: past due times are skipped; the 2 h one is due now while the session is ahead', async () => {
				const soon = inviteeCreated({ startsAt: new Date(Date.now() + 3 * HOUR) });
				await deliver(soon);
				let planned = await notifications((await booking(inviteeUriOf(soon)))!.id);
				assert.equal(planned.reminder_24h, undefined);
				assert.ok(planned.reminder_2h);

				const sooner = inviteeCreated({ startsAt: new Date(Date.now() + HOUR) });
				await deliver(sooner);
				planned = await notifications((await booking(inviteeUriOf(sooner)))!.id);
				assert.ok(Math.abs(planned.reminder_2h.due_at.getTime() - Date.now()) < 60_000);

				const past = inviteeCreated({ startsAt: new Date(Date.now() - HOUR) });
				await deliver(past);
				planned = await notifications((await booking(inviteeUriOf(past)))!.id);
				assert.deepEqual(Object.keys(planned), ['booking_confirmation', 'staff_booking_card']);
			});

			await t.step('20 identical deliveries at once: one booking, one set of notifications', async () => {
				const signed = await signedDelivery(inviteeCreated(), KEY);
				const inviteeUri = inviteeUriOf(JSON.parse(new TextDecoder().decode(signed.rawBody)));
				const responses = await Promise.all(Array.from({ length: 20 }, () => post(signed.rawBody, signed.signatureHeader)));
				assert.ok(responses.every((response) => response.status === 200));
				assert.equal(responses.filter((response) => response.body.duplicate === false).length, 1);
				assert.equal(new Set(responses.map((response) => response.body.booking_id)).size, 1);
				const rows = await sql`select id from public.bookings where calendly_invitee_uri = ${inviteeUri}`;
				assert.equal(rows.length, 1);
				const [counts] =
					await sql`select count(*)::int as n, count(distinct kind)::int as kinds from public.notifications where booking_id = ${rows[0]!.id}`;
				assert.deepEqual({ ...counts }, { n: 4, kinds: 4 });
				const [event] = await sql`select deliveries from public.webhook_events where booking_id = ${rows[0]!.id}`;
				assert.equal(event!.deliveries, 20);
			});

			await t.step('50 deliveries at once, plus copies: each written once; those that waited shared transactions', async () => {
				const deliveries = Array.from({ length: 50 }, () => inviteeCreated());
				const signed = await Promise.all(deliveries.map((delivery) => signedDelivery(delivery, KEY)));
				const responses = await Promise.all([...signed, signed[0]!, signed[25]!].map((entry) => post(entry.rawBody, entry.signatureHeader)));
				assert.ok(responses.every((response) => response.status === 200));
				assert.equal(responses.filter((response) => response.body.duplicate === true).length, 2);
				const uris = deliveries.map(inviteeUriOf);
				const rows =
					await sql`select b.xmin::text as tx, (select count(*)::int from public.notifications n where n.booking_id = b.id) as planned
					from public.bookings b where b.calendly_invitee_uri = any(${uris})`;
				assert.equal(rows.length, 50);
				assert.ok(rows.every((row) => row.planned === 4));
				const transactions = new Set(rows.map((row) => row.tx)).size;
				assert.ok(transactions < 50, `${transactions} transactions for 50 deliveries`);
				const [events] = await sql`select count(*)::int as n, sum(deliveries)::int as deliveries from public.webhook_events
					where booking_id in (select id from public.bookings where calendly_invitee_uri = any(${uris}))`;
				assert.deepEqual({ ...events }, { n: 50, deliveries: 52 });
			});

			await t.step(
				'a delivery the database refuses among others at once: 503 for it alone, the others written; its retry succeeds',
				async () => {
					await sql.unsafe(`create function public.test_refuse() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
					create trigger test_refuse before insert on public.bookings for each row when (new.invitee_email = 'refused@fpsos.test')
						execute function public.test_refuse();`);
					const deliveries = Array.from({ length: 12 }, (_, i) => inviteeCreated({ email: i === 6 ? 'refused@fpsos.test' : null }));
					const signed = await Promise.all(deliveries.map((delivery) => signedDelivery(delivery, KEY)));
					try {
						const responses = await Promise.all(signed.map((entry) => post(entry.rawBody, entry.signatureHeader)));
						assert.deepEqual(
							responses.map((response) => response.status),
							deliveries.map((_, i) => (i === 6 ? 503 : 200))
						);
						const written =
							await sql`select calendly_invitee_uri from public.bookings where calendly_invitee_uri = any(${deliveries.map(inviteeUriOf)})`;
						assert.equal(written.length, 11);
						assert.equal(await booking(inviteeUriOf(deliveries[6]!)), undefined);
					} finally {
						await sql.unsafe('drop trigger test_refuse on public.bookings; drop function public.test_refuse();');
					}
					const retry = await post(signed[6]!.rawBody, signed[6]!.signatureHeader);
					assert.equal(retry.status, 200);
					assert.equal(retry.body.duplicate, false);
				}
			);

			await t.step('invitee.canceled: canceled with reason, pending notifications canceled, one booking_canceled', async () => {
				const created = inviteeCreated();
				const inviteeUri = inviteeUriOf(created);
				await deliver(created);
				const cancellation = {
					canceled_by: 'Test Player',
					canceler_type: 'invitee' as const,
					reason: 'Exam week',
					created_at: '2026-03-04T09:12:39.511Z'
				};
				const canceled = inviteeCanceled({ inviteeUri, cancellation });
				assert.equal((await deliver(canceled)).status, 200);
				assert.equal((await deliver(canceled)).body.duplicate, true);
				const row = (await booking(inviteeUri))!;
				assert.equal(row.status, 'canceled');
				assert.equal(row.cancel_reason, 'Exam week');
				assert.equal(row.canceled_by, 'Test Player');
				assert.equal((row.canceled_at as Date).toISOString(), '2026-03-04T09:12:39.511Z');
				const planned = await notifications(row.id);
				assert.equal(planned.booking_canceled.status, 'pending');
				for (const kind of ['booking_confirmation', 'staff_booking_card', 'reminder_24h', 'reminder_2h']) {
					assert.equal(planned[kind].status, 'canceled', kind);
					assert.equal(planned[kind].cancel_reason, 'booking canceled');
				}
			});

			const reschedule = async (order: 'cancel-first' | 'create-first' | 'at-once') => {
				const { id: memberId } = await member();
				const { token } = await personalLink(memberId);
				const oldUri = newInviteeUri();
				const newUri = newInviteeUri();
				await deliver(inviteeCreated({ inviteeUri: oldUri, token }));
				const cancel = inviteeCanceled({ inviteeUri: oldUri, token, rescheduled: true, newInvitee: newUri });
				const create = inviteeCreated({ inviteeUri: newUri, token, oldInvitee: oldUri, startsAt: new Date(Date.now() + 5 * 24 * HOUR) });
				if (order === 'cancel-first') {
					await deliver(cancel);
					await deliver(create);
				} else if (order === 'create-first') {
					await deliver(create);
					await deliver(cancel);
				} else {
					await Promise.all([deliver(cancel), deliver(create)]);
				}
				const old = (await booking(oldUri))!;
				const replacement = (await booking(newUri))!;
				assert.equal(old.status, 'rescheduled');
				assert.equal(old.new_invitee_uri, newUri);
				assert.ok(old.canceled_at instanceof Date);
				assert.equal(replacement.status, 'scheduled');
				assert.equal(replacement.replaces_booking_id, old.id);
				assert.equal(replacement.old_invitee_uri, oldUri);
				assert.equal(replacement.member_id, memberId);
				const oldPlanned = await notifications(old.id);
				assert.equal(oldPlanned.booking_canceled, undefined);
				assert.ok(
					['booking_confirmation', 'staff_booking_card', 'reminder_24h', 'reminder_2h'].every(
						(kind) => oldPlanned[kind].status === 'canceled'
					)
				);
				const newPlanned = await notifications(replacement.id);
				assert.deepEqual(Object.keys(newPlanned), ['booking_moved', 'reminder_24h', 'reminder_2h', 'staff_booking_card']);
				assert.equal(newPlanned.booking_moved.payload.previous_booking_id, old.id);
				assert.ok(Object.values(newPlanned).every((n) => n.status === 'pending'));
			};
			await t.step('reschedule, cancellation first: one "moved" message, linked', () => reschedule('cancel-first'));
			await t.step('reschedule, new booking first: the same result', () => reschedule('create-first'));
			await t.step('reschedule, both deliveries at once: the same result', () => reschedule('at-once'));

			await t.step('no-show set and cleared', async () => {
				const created = inviteeCreated({ startsAt: new Date(Date.now() - 3 * HOUR) });
				const inviteeUri = inviteeUriOf(created);
				await deliver(created);
				await deliver(noShowCreated({ inviteeUri }));
				let row = (await booking(inviteeUri))!;
				assert.equal(row.status, 'no_show');
				assert.ok(row.no_show_at instanceof Date);
				await deliver(noShowDeleted({ inviteeUri }));
				row = (await booking(inviteeUri))!;
				assert.equal(row.status, 'scheduled');
				assert.equal(row.no_show_at, null);
			});

			await t.step('2020-shaped cancellation (no scheduled_event, created_by, cancellation) of a known booking', async () => {
				const created = inviteeCreated();
				const inviteeUri = inviteeUriOf(created);
				await deliver(created);
				const legacy = inviteeCanceled({ inviteeUri, legacy: true } satisfies InviteeFixture);
				assert.equal('scheduled_event' in (legacy.payload as object), false);
				const response = await deliver(legacy);
				assert.equal(response.status, 200);
				const row = (await booking(inviteeUri))!;
				assert.equal(row.status, 'canceled');
				assert.ok(row.canceled_at instanceof Date);
			});

			await t.step('2020-shaped invitee.created: no session time, kept for staff review (no booking)', async () => {
				const legacy = inviteeCreated({ legacy: true });
				const response = await deliver(legacy);
				assert.equal(response.status, 200);
				assert.equal(response.body.outcome, 'unmatched');
				assert.equal(await booking(inviteeUriOf(legacy)), undefined);
				const [alert] =
					await sql`select kind, payload from public.notifications where dedupe_key = ${`calendly-review:${inviteeUriOf(legacy)}`}`;
				assert.equal(alert!.kind, 'staff_alert');
				assert.equal(alert!.payload.reason, 'calendly_booking_without_time');
			});

			await t.step('2020-shaped cancellation of a booking never seen: acknowledged, recorded unmatched', async () => {
				const legacy = inviteeCanceled({ legacy: true });
				const response = await deliver(legacy);
				assert.equal(response.status, 200);
				assert.equal(response.body.outcome, 'unmatched');
			});

			await t.step('the reference 2020 fixture file is accepted', async () => {
				const text = await Deno.readTextFile(new URL('invitee-canceled.2020-shape.json', fixtures));
				const body = new TextEncoder().encode(text.replace('2026-03-04T09:12:40.000000Z', new Date().toISOString()));
				const response = await post(body, await signCalendlyBody(body, KEY, Math.floor(Date.now() / 1000)));
				assert.equal(response.status, 200);
			});

			await t.step('a signed JSON object that is no Calendly delivery: 2xx, kept as failed for staff', async () => {
				const response = await deliver({ hello: 'world' });
				assert.equal(response.status, 200);
				assert.equal(response.body.outcome, 'failed');
			});

			await t.step('the shared handler directly, with an injected clock', async () => {
				const direct = openPostgresJsDb(scratch.url, { max: 1 });
				const at = new Date('2026-03-02T17:04:11Z');
				const signed = await signedDelivery(inviteeCreated({ startsAt: new Date('2026-03-09T14:00:00Z') }), KEY, at);
				const result = await handleCalendlyDelivery(signed, { db: direct.db, signingKey: KEY, now: () => at }).finally(() =>
					direct.sql.end()
				);
				assert.equal(result.status, 200);
				const planned = await notifications((result.body as { booking_id: string }).booking_id);
				assert.equal(planned.booking_confirmation.due_at.toISOString(), '2026-03-02T17:04:11.000Z');
				assert.equal(planned.reminder_24h.due_at.toISOString(), '2026-03-08T14:00:00.000Z');
			});
		} finally {
			await server.shutdown();
			await fn.close();
			await sql.end();
			await scratch.drop();
		}
	}
});
