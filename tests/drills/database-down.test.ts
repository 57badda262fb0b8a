import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated, inviteeUriOf } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { postgresUrl } from '../support/services.ts';
import { useBot } from '../e2e/support/bot.ts';
import { postgresOutage, type PostgresOutage } from './support/postgres-outage.ts';
import { postCalendly } from '../e2e/support/calendly.ts';

const signingKey = 'fpsos-drill-signing-key-0123456789';
const baseUrl = postgresUrl();

/**
 * Drill: the database goes down while Calendly delivers a booking. The bot must answer 5xx (so Calendly retries),
 * keep nothing half-written, and, once the database is back, take Calendly's retry as if it were the first delivery:
 * one booking, one confirmation DM, one staff card.
 */
describe.runIf(baseUrl)('drill: PostgreSQL down during a Calendly delivery', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' }) });
	let outage: PostgresOutage;
	let scratchUrl: string;

	async function deliver(delivery: unknown): Promise<Response> {
		return postCalendly(ctx.bot.http.url, delivery, signingKey);
	}

	async function personalToken(member: FakeMember): Promise<string> {
		const link = await (await member.slash('book', { options: { package: 'full' } })).message();
		return new URL(link.buttons[0]!.url!).searchParams.get('utm_content')!;
	}

	/**
	 * What the database holds, read on a connection of the test's own: the bot's pool may still hold a connection the
	 * outage terminated, whose first use fails (57P01) however the bot handles it.
	 */
	async function written(inviteeUri: string) {
		const reader = postgres(scratchUrl, { max: 1, onnotice: () => undefined, connection: { application_name: 'fpsos-drill' } });
		const [row] = await reader
			.unsafe<{ bookings: number; events: number; notifications: number }[]>(
				`select (select count(*)::int from public.bookings where calendly_invitee_uri = $1) as bookings,
				(select count(*)::int from public.webhook_events where position($1 in raw_body) > 0) as events,
				(select count(*)::int from public.notifications n join public.bookings b on b.id = n.booking_id where b.calendly_invitee_uri = $1) as notifications`,
				[inviteeUri]
			)
			.finally(() => reader.end({ timeout: 1 }));
		return row!;
	}

	/** Calendly's retry after the outage: accepted, and exactly one of everything reaches Discord. */
	async function expectRetryDeliveredOnce(member: FakeMember, delivery: Record<string, unknown>): Promise<void> {
		const retry = await deliver(delivery);
		expect(retry.status).toBe(200);
		expect(await retry.json()).toMatchObject({ ok: true, outcome: 'processed', duplicate: false });
		const confirmation = await member.nextDm({ timeoutMs: 10_000 });
		expect(confirmation.text).toContain("You're booked: Full Tune-Up");
		const card = await ctx.fake.waitForMessage(
			{ channelId: ctx.fake.channels.staff, predicate: (message) => message.text.includes(member.mention) },
			{ timeoutMs: 10_000 }
		);
		expect(card.text).toContain('New booking: Full Tune-Up');
		// Calendly may deliver once more (its retry raced our answer): still one of everything.
		expect((await deliver(delivery)).status).toBe(200);
		await expect(member.nextDm({ timeoutMs: 2_000 })).rejects.toThrow();
		expect(ctx.fake.messages(ctx.fake.channels.staff).filter((message) => message.text.includes(member.mention))).toHaveLength(1);
		expect(await written(inviteeUriOf(delivery))).toMatchObject({ bookings: 1, events: 1 });
	}

	beforeAll(async () => {
		await ctx.fake.waitForCommand('book');
		const [row] = await ctx.bot.db.query<{ name: string }>('select current_database() as name');
		outage = postgresOutage(baseUrl!, row!.name);
		const url = new URL(baseUrl!);
		url.pathname = `/${row!.name}`;
		scratchUrl = url.toString();
	});

	afterAll(async () => {
		await outage?.end();
		await outage?.close();
	});

	test('the connection dies mid-statement: 503, nothing kept; the retry after recovery books once and confirms once', async () => {
		const nour = await ctx.fake.members.create({ username: 'nour', joined: true });
		const delivery = inviteeCreated({ token: await personalToken(nour) });
		// Hold the delivery's single statement at its last step (the outbox rows), after it has written the event and
		// the booking, then take the database down under it.
		const holder = postgres(scratchUrl, { max: 1, onnotice: () => undefined, connection: { application_name: 'fpsos-drill' } });
		let release = () => {};
		const released = new Promise<void>((resolve) => (release = resolve));
		let locked = () => {};
		const lockTaken = new Promise<void>((resolve) => (locked = resolve));
		const held = holder.begin(async (tx) => {
			await tx.unsafe('lock table public.notifications in share mode');
			locked();
			await released;
		});
		let response: Response | undefined;
		try {
			await Promise.race([lockTaken, held]);
			const pending = deliver(delivery);
			for (let tries = 0; (await outage.blockedBotStatements('%calendly_apply_delivery%')) === 0; tries += 1) {
				if (tries > 200) throw new Error('the delivery never reached the database');
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
			await outage.begin();
			response = await pending;
		} finally {
			release();
			await held.catch(() => undefined);
			await holder.end({ timeout: 1 });
		}
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({ ok: false, error: 'unavailable' });

		// Still down: Calendly's next attempt is refused the same way, and the bot says it cannot reach its database.
		expect((await deliver(delivery)).status).toBe(503);
		const health = await fetch(`${ctx.bot.http.url}/healthz`);
		expect(health.status).toBe(503);
		expect(await health.json()).toMatchObject({ checks: { database: false } });

		await outage.end();
		expect(await written(inviteeUriOf(delivery))).toEqual({ bookings: 0, events: 0, notifications: 0 });
		expect(nour.dms()).toEqual([]);
		await expectRetryDeliveredOnce(nour, delivery);
	});

	test('the database refuses connections when the delivery arrives: 503; the retry after recovery books once and confirms once', async () => {
		const omar = await ctx.fake.members.create({ username: 'omar', joined: true });
		const delivery = inviteeCreated({ token: await personalToken(omar) });
		await outage.begin();
		try {
			const first = await deliver(delivery);
			expect(first.status).toBe(503);
			const second = await deliver(delivery);
			expect(second.status).toBe(503);
		} finally {
			await outage.end();
		}
		expect(await written(inviteeUriOf(delivery))).toEqual({ bookings: 0, events: 0, notifications: 0 });
		await expectRetryDeliveredOnce(omar, delivery);
		// The rest of the bot is back too: an interaction that needs the database is answered.
		const pong = await (await omar.slash('ping')).message();
		expect(pong.text).toContain('Pong!');
	});
});
