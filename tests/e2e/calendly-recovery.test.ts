import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { createCalendlyClient } from '../../src/lib/integrations/calendly-api.ts';
import { recoverMissedDeliveries } from '../../src/lib/integrations/calendly/recover.ts';
import { startCalendlyStandin, type CalendlyStandin } from '../support/calendly-standin.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const DAY = 24 * 3_600_000;

/**
 * After an outage, `fpsos calendly recover` (its library, on the running bot's database) turns the bookings and
 * cancellations Calendly never delivered into the member's DMs, once: Calendly's own delivery arriving afterwards sends
 * nothing more.
 */
describe('recovering missed Calendly deliveries, end to end', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' }) });
	let calendly: CalendlyStandin;

	async function deliver(delivery: unknown): Promise<number> {
		const { rawBody, signatureHeader } = await signedDelivery(delivery, signingKey);
		return (
			await fetch(`${ctx.bot.http.url}/webhooks/calendly`, {
				method: 'POST',
				body: rawBody,
				headers: { 'calendly-webhook-signature': signatureHeader, 'content-type': 'application/json' }
			})
		).status;
	}
	async function personalToken(member: FakeMember): Promise<string> {
		const choices = await (await member.slash('book')).message();
		const link = await (await member.click(choices, 'Book Full Tune-Up (AED 399)')).message();
		return new URL(link.buttons[0]!.url!).searchParams.get('utm_content')!;
	}
	/** What Calendly sends for a booked invitee, with its own envelope time. */
	const webhookOf = (event: string, booked: ReturnType<CalendlyStandin['book']>) => ({
		event,
		created_at: new Date().toISOString(),
		payload: { ...booked.invitee, scheduled_event: booked.event }
	});

	beforeAll(async () => {
		calendly = await startCalendlyStandin();
		await ctx.fake.waitForCommand('book');
	});
	afterAll(async () => {
		await calendly?.close();
	});

	test('a booking and a cancellation made during the outage reach the member once each, however often they arrive afterwards', async () => {
		const hana = await ctx.fake.members.create({ username: 'hana', joined: true });
		const iman = await ctx.fake.members.create({ username: 'iman', joined: true });
		const now = new Date();
		// Iman's booking was delivered before the outage.
		const before = calendly.book({
			token: await personalToken(iman),
			bookedAt: new Date(now.getTime() - 3 * 3_600_000),
			startsAt: new Date(now.getTime() + 4 * DAY)
		});
		expect(await deliver(webhookOf('invitee.created', before))).toBe(200);
		expect((await iman.nextDm()).text).toContain("You're booked");
		// The outage: Hana books, Iman cancels; Calendly delivers neither.
		const missed = calendly.book({
			token: await personalToken(hana),
			bookedAt: new Date(now.getTime() - 40 * 60_000),
			startsAt: new Date(now.getTime() + 3 * DAY)
		});
		calendly.cancel(before.invitee.uri as string, new Date(now.getTime() - 30 * 60_000));

		const client = createCalendlyClient({ token: calendly.token, baseUrl: calendly.url });
		const window = { since: new Date(now.getTime() - 3_600_000), until: now, basis: 'the window asked for' };
		const result = await recoverMissedDeliveries(client, ctx.bot.db, window, { now, trigger: 'command' });
		expect(result).toMatchObject({ ok: true, report: { found: 2, applied: 2, known: 0, bookings: 1, cancellations: 1 } });
		expect((await hana.nextDm()).text).toContain("You're booked: Full Tune-Up");
		expect((await iman.nextDm()).text).toContain('is canceled');

		// Calendly's own deliveries turn up later, and the recovery runs again: nothing more reaches anyone.
		expect(await deliver(webhookOf('invitee.created', missed))).toBe(200);
		expect(await deliver(webhookOf('invitee.canceled', before))).toBe(200);
		expect(await recoverMissedDeliveries(client, ctx.bot.db, window, { now, trigger: 'command' })).toMatchObject({
			ok: true,
			report: { applied: 0, known: 2 }
		});
		await expect(hana.nextDm({ timeoutMs: 1500 })).rejects.toThrow();
		await expect(iman.nextDm({ timeoutMs: 100 })).rejects.toThrow();
		const cards = await ctx.bot.db.query<{ n: number }>(
			`select count(*)::int as n from public.notifications n join public.bookings b on b.id = n.booking_id where b.calendly_invitee_uri = $1 and n.kind = 'staff_booking_card'`,
			[missed.invitee.uri]
		);
		expect(cards[0]!.n).toBe(1);
	});
});
