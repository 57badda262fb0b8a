import { beforeAll, describe, expect, test } from 'vitest';
import { planStaffAlert } from '../../src/lib/data/alerts.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { until } from '../support/wait.ts';
import { useBot } from '../e2e/support/bot.ts';
import { bookForMember } from '../e2e/support/calendly.ts';

const signingKey = 'fpsos-drill-signing-key-0123456789';

/** How often the fake answered a request matching `pattern` with `status` (from its transcript). */
function answered(transcript: string, pattern: string, status: number): number {
	return transcript.split('\n').filter((line) => line.includes(pattern) && line.includes(`→ ${status}`)).length;
}

/**
 * Drill: Discord answers 429 and 5xx. Within what discord.js's REST client absorbs (it waits out 429s and retries a
 * 5xx three times) the member notices nothing; past it, the outbox keeps the notification, retries after its back-off
 * and the message still arrives exactly once.
 */
describe('drill: Discord answering 429 and 5xx', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' }) });

	const book = (member: FakeMember) => bookForMember(ctx.bot, member, signingKey);

	beforeAll(async () => {
		await ctx.fake.waitForCommand('ping');
	});

	test('Discord down for longer than the REST client retries: the confirmation is kept, retried after its back-off and arrives once', async () => {
		const hala = await ctx.fake.members.create({ username: 'hala', joined: true });
		const route = `POST /channels/${hala.dmChannelId}/messages`;
		ctx.fake.failNext(route, 503, { times: 4 });
		const bookingId = await book(hala);
		const state = async () => {
			const [row] = await ctx.bot.db.query<{ status: string; attempts: number; last_error: string | null; claimed_until: Date | null }>(
				`select status, attempts, last_error, claimed_until from public.notifications where booking_id = $1 and kind = 'booking_confirmation'`,
				[bookingId]
			);
			return row!;
		};
		await ctx.fake.waitFor(
			'the confirmation to be refused four times',
			() => answered(ctx.fake.transcript(), `/channels/${hala.dmChannelId}/messages`, 503) === 4 || undefined
		);
		await until(async () => (await state()).last_error !== null);
		const failed = await state();
		expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
		expect(failed.last_error).toMatch(/503|Service Unavailable/);
		expect(failed.claimed_until!.getTime()).toBeGreaterThan(Date.now() + 20_000);
		expect(hala.dms()).toEqual([]);

		const confirmation = await hala.nextDm({ timeoutMs: 60_000 });
		expect(confirmation.text).toContain("You're booked: Full Tune-Up");
		await until(async () => (await state()).status !== 'pending');
		expect(await state()).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
		await expect(hala.nextDm({ timeoutMs: 2_000 })).rejects.toThrow();
	}, 90_000);

	test('a global 429 while the outbox sends: the REST client waits it out and every alert arrives once', async () => {
		const before = ctx.fake.messages(ctx.fake.channels.staff).length;
		ctx.fake.rateLimitNext('POST /channels/:id/messages', { retryAfterMs: 1_200, global: true, times: 2 });
		const started = Date.now();
		const keys = [0, 1, 2].map((index) => `drill-429-${started}-${index}`);
		for (const key of keys)
			expect(await planStaffAlert(ctx.bot.db, key, { reason: 'calendly_subscription_unhealthy', detail: 'drill', status: 'disabled' })).toBe(
				true
			);
		await ctx.fake.waitFor('three alerts in #staff', () => ctx.fake.messages(ctx.fake.channels.staff).length - before >= 3 || undefined, {
			timeoutMs: 20_000
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_200);
		expect(answered(ctx.fake.transcript(), '/messages', 429)).toBeGreaterThanOrEqual(2);
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(ctx.fake.messages(ctx.fake.channels.staff).length - before).toBe(3);
		const rows = await ctx.bot.db.query<{ status: string; attempts: number }>(
			'select status, attempts from public.notifications where dedupe_key = any($1::text[])',
			[keys]
		);
		expect(rows).toEqual(keys.map(() => ({ status: 'sent', attempts: 1 })));
	});

	test('a 503 and then a 429 on interaction callbacks: each member is still answered within the 3 s deadline', async () => {
		const idris = await ctx.fake.members.create({ username: 'idris', joined: true });
		ctx.fake.failNext('POST /interactions/:id/:token/callback', 503, { times: 2 });
		const first = await (await idris.slash('fpsos')).message();
		expect(first.text).toContain('Welcome to FPSOS');
		ctx.fake.rateLimitNext('POST /interactions/:id/:token/callback', { retryAfterMs: 600 });
		const handle = await idris.slash('ping');
		expect((await handle.message()).text).toContain('Pong!');
		expect(handle.acknowledgement!.afterMs).toBeGreaterThanOrEqual(600);
		const transcript = ctx.fake.transcript();
		expect(answered(transcript, '/callback', 503)).toBe(2);
		expect(answered(transcript, '/callback', 429)).toBe(1);
	});
});
