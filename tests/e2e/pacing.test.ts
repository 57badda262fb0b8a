import { SnowflakeUtil } from 'discord.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { DELIVERIES_PER_SECOND } from '../../src/lib/outbox/pacer.ts';
import type { FakeMember, MessageView } from '../support/fake-discord/index.ts';
import { until } from '../support/wait.ts';
import { useBot } from './support/bot.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';

/** The most messages created within any one second (from their snowflakes, the fake's clock). */
function mostInOneSecond(messages: readonly MessageView[]): number {
	const times = messages.map((message) => SnowflakeUtil.timestampFrom(message.id)).sort((a, b) => a - b);
	let most = 0;
	let start = 0;
	for (let end = 0; end < times.length; end += 1) {
		while (times[end]! - times[start]! >= 1000) start += 1;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

/**
 * What the bot sends on its own, in bulk, against Discord's limits (on in the fake by default: per-route buckets, the
 * global 50/s, the invalid-request count): each message arrives once, deliveries are paced, and the bot makes no
 * invalid requests, while members are still answered in time.
 */
describe('sending in bulk, paced to Discord', () => {
	const ctx = useBot();

	beforeAll(async () => {
		await ctx.fake.waitForCommand('ping');
	});

	test('a welcome DM whose answer is lost on the way back shows once: it carries a nonce', async () => {
		const nour = await ctx.fake.members.create({ username: 'nour' });
		ctx.fake.loseAnswerNext('POST /channels/:channel/messages');
		await ctx.fake.join(nour);
		await nour.nextDm();
		await ctx.fake.waitFor('the resend', () => ctx.fake.nonceReplays === 1);
		expect(nour.dms()).toHaveLength(1);
	});

	test('200 members joining at once are each welcomed once, paced, with no invalid request', async () => {
		const invalidBefore = ctx.fake.invalidRequests;
		const members: FakeMember[] = [];
		for (let index = 0; index < 200; index += 1) members.push(await ctx.fake.members.create({ username: `joiner${index}` }));
		await Promise.all(members.map((member) => ctx.fake.join(member)));
		await ctx.fake.waitFor('every joiner welcomed', () => members.every((member) => member.dms().length > 0), { timeoutMs: 150_000 });
		const welcomes = members.flatMap((member) => member.dms());
		expect(welcomes).toHaveLength(200);
		expect(mostInOneSecond(welcomes)).toBeLessThanOrEqual(DELIVERIES_PER_SECOND + 1);
		expect(ctx.fake.invalidRequests - invalidBefore).toBeLessThanOrEqual(2);
	}, 180_000);

	test('500 reminders due in the same minute are each delivered once, paced, and a member is answered meanwhile', async () => {
		const invalidBefore = ctx.fake.invalidRequests;
		const { db } = ctx.bot;
		const members: FakeMember[] = [];
		for (let index = 0; index < 500; index += 1) members.push(await ctx.fake.members.create({ username: `booked${index}`, joined: true }));
		const startsAt = new Date(Date.now() + 2 * 3_600_000 - 30_000);
		// Their bookings and reminders, all due now: as many as a Monday evening's sessions could bring at once.
		await db.query(
			`with member as (
				insert into public.members (discord_user_id, username) select * from unnest($1::text[], $2::text[]) returning id, discord_user_id
			), booking as (
				insert into public.bookings (calendly_invitee_uri, member_id, package_code, starts_at, ends_at)
				select 'https://calendly.test/invitees/pacing-' || member.discord_user_id, member.id, 'full', $3::timestamptz, $3::timestamptz + interval '2 hours'
				from member returning id, member_id
			)
			insert into public.notifications (kind, dedupe_key, due_at, booking_id, member_id, payload)
			select 'reminder_2h', 'pacing-' || booking.id, now(), booking.id, booking.member_id, jsonb_build_object('starts_at', $3::timestamptz)
			from booking`,
			[members.map((member) => member.id), members.map((member) => member.username), startsAt.toISOString()]
		);
		await wakeOutbox(db, 'pacing');
		const asking = await ctx.fake.members.create({ username: 'asking', joined: true });
		await ctx.fake.waitFor('the first reminders', () => members.filter((member) => member.dms().length > 0).length >= 20, { timeoutMs: 30_000 });
		const pong = await (await asking.slash('ping')).message();
		expect(pong.text.length).toBeGreaterThan(0);
		await ctx.fake.waitFor('every reminder', () => members.every((member) => member.dms().length > 0), { timeoutMs: 240_000 });
		const reminders = members.flatMap((member) => member.dms());
		expect(reminders).toHaveLength(500);
		expect(reminders.every((message) => message.text.includes('starts in 2 hours'))).toBe(true);
		expect(mostInOneSecond(reminders)).toBeLessThanOrEqual(DELIVERIES_PER_SECOND + 1);
		expect(ctx.fake.nonceReplays).toBe(1);
		expect(ctx.fake.invalidRequests - invalidBefore).toBeLessThanOrEqual(2);
		await until(
			async () => (await db.query(`select 1 from public.notifications where dedupe_key like 'pacing-%' and status = 'sent'`)).length === 500,
			30_000
		);
		const [counts] = await db.query<{ sent: number; retried: number }>(
			`select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where attempts > 1)::int as retried
			 from public.notifications where dedupe_key like 'pacing-%'`
		);
		expect(counts).toEqual({ sent: 500, retried: 0 });
	}, 300_000);
});
