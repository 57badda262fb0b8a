import { beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated, newInviteeUri } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { FakeMember, MessageView } from '../support/fake-discord/index.ts';
import * as make from '../support/rows.ts';
import { createBookingLink } from '../../src/lib/data/booking-links.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import { until } from '../support/wait.ts';
import { useBot, type BotContext } from './support/bot.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';
import { postCalendly } from './support/calendly.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const DAY = 24 * 3600_000;
const env = () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' });

async function deliver(ctx: BotContext, delivery: Record<string, unknown>): Promise<void> {
	const response = await postCalendly(ctx.bot.http.url, delivery, signingKey);
	expect(response.status).toBe(200);
}

/** The outcome recorded on a booking's notification of `kind`, once it has one. */
async function settled(ctx: BotContext, bookingId: string, kind: string): Promise<{ status: string; cancel_reason: string | null }> {
	const read = async () =>
		(
			await ctx.bot.db.query<{ status: string; cancel_reason: string | null }>(
				`select status, cancel_reason from public.notifications where booking_id = $1 and kind = $2`,
				[bookingId, kind]
			)
		)[0];
	await until(async () => (await read())?.status !== 'pending');
	return (await read())!;
}

/** Time passes: the notification falls due now and the bot is woken. */
async function fallDue(ctx: BotContext, column: 'booking_id' | 'ticket_id', id: string, kind: string): Promise<void> {
	await ctx.bot.db.query(`update public.notifications set due_at = now() where ${column} = $1 and kind = $2 and status = 'pending'`, [id, kind]);
	await wakeOutbox(ctx.bot.db, id);
}

/**
 * The member books through their personal link (from /book, or made directly where a second bot in this process has
 * no commands registered); returns the booking once the confirmation arrived (DM or thread).
 */
async function booked(ctx: BotContext, member: FakeMember, startsAt: Date, via: 'command' | 'link' = 'command'): Promise<string> {
	const token =
		via === 'command'
			? new URL((await (await member.slash('book', { options: { package: 'full' } })).message()).buttons[0]!.url!).searchParams.get(
					'utm_content'
				)!
			: await createBookingLink(
					ctx.bot.db,
					(await upsertMember(ctx.bot.db, { discordUserId: member.id, username: member.username })).id,
					'full'
				);
	const inviteeUri = newInviteeUri();
	await deliver(ctx, inviteeCreated({ inviteeUri, token, startsAt }));
	const [row] = await ctx.bot.db.query<{ id: string }>('select id from public.bookings where calendly_invitee_uri = $1', [inviteeUri]);
	expect(await settled(ctx, row!.id, 'booking_confirmation')).toEqual({ status: 'sent', cancel_reason: null });
	return row!.id;
}

const leftTheServer = (member: FakeMember) => (message: MessageView) =>
	message.text.includes(member.mention) && message.text.includes('left the server');

/**
 * A member who left the server gets nothing addressed to them: Discord refuses the DM (no shared server) and a private
 * thread cannot take them in. Their reminders and follow-ups end as skipped with 'member_left', staff are told once
 * when a session was ahead, and a member who comes back is reachable again.
 */
describe('members who left', () => {
	const ctx = useBot({ env });
	let staff: FakeMember;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('book');
		await ctx.fake.waitForCommand('session');
		await ctx.fake.waitForCommand('support');
		await ctx.fake.waitForCommand('referral');
		staff = await ctx.fake.members.create({ username: 'coach', roles: [ctx.fake.staffRoleId], joined: true });
	});

	test('a member with a session ahead leaves: staff are told once, with its time; the reminders end as member_left, with no DM tried and no thread opened', async () => {
		const lina = await ctx.fake.members.create({ username: 'lina', joined: true });
		const startsAt = new Date(Date.now() + 3 * DAY);
		const bookingId = await booked(ctx, lina, startsAt);
		const invalidBefore = ctx.fake.invalidRequests;
		const threadsBefore = ctx.fake.threads({ parentId: ctx.fake.channels.sessions }).length;

		await ctx.fake.leave(lina);
		const notice = await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff, predicate: leftTheServer(lina) });
		expect(notice.text).toContain(`<t:${Math.floor(startsAt.getTime() / 1000)}:F>`);
		expect(notice.text).toContain('Full Tune-Up');
		expect(ctx.fake.notifiedBy(notice.id)).toEqual([]);

		await fallDue(ctx, 'booking_id', bookingId, 'reminder_24h');
		await fallDue(ctx, 'booking_id', bookingId, 'reminder_2h');
		expect(await settled(ctx, bookingId, 'reminder_24h')).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
		expect(await settled(ctx, bookingId, 'reminder_2h')).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
		expect(lina.dms()).toHaveLength(1);
		expect(ctx.fake.invalidRequests).toBe(invalidBefore);
		expect(ctx.fake.threads({ parentId: ctx.fake.channels.sessions })).toHaveLength(threadsBefore);
		expect(ctx.fake.messages(ctx.fake.channels.staff).filter(leftTheServer(lina))).toHaveLength(1);
		const [member] = await ctx.bot.db.query<{ left: boolean; dm_status: string }>(
			`select left_at is not null as left, dm_status from public.members where discord_user_id = $1`,
			[lina.id]
		);
		expect(member).toEqual({ left: true, dm_status: 'open' });
	});

	test('a member who comes back is reachable again: the next reminder reaches them by DM', async () => {
		const mona = await ctx.fake.members.create({ username: 'mona', joined: true });
		const bookingId = await booked(ctx, mona, new Date(Date.now() + 4 * DAY));
		await ctx.fake.leave(mona);
		await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff, predicate: leftTheServer(mona) });
		await fallDue(ctx, 'booking_id', bookingId, 'reminder_24h');
		expect(await settled(ctx, bookingId, 'reminder_24h')).toEqual({ status: 'skipped', cancel_reason: 'member_left' });

		await ctx.fake.join(mona);
		await until(
			async () =>
				(await ctx.bot.db.query(`select 1 from public.members where discord_user_id = $1 and left_at is null`, [mona.id])).length === 1
		);
		await fallDue(ctx, 'booking_id', bookingId, 'reminder_2h');
		const reminder = await mona.nextDm({ predicate: (message) => message.text.includes('starts in 2 hours') });
		expect(reminder.guildId).toBeNull();
		expect(await settled(ctx, bookingId, 'reminder_2h')).toEqual({ status: 'sent', cancel_reason: null });
	});

	test('follow-ups of a member who left end as member_left, and with no session ahead staff are not told', async () => {
		const nour = await ctx.fake.members.create({ username: 'nour', joined: true });
		const bookingId = await booked(ctx, nour, new Date(Date.now() + 3600_000));
		expect((await (await staff.slash('session', { subcommand: 'complete', options: { member: nour.id } })).message()).text).toContain(
			'is complete'
		);
		await ctx.fake.leave(nour);
		await until(
			async () =>
				(await ctx.bot.db.query(`select 1 from public.members where discord_user_id = $1 and left_at is not null`, [nour.id])).length === 1
		);
		const invalidBefore = ctx.fake.invalidRequests;
		await fallDue(ctx, 'booking_id', bookingId, 'testimonial_request');
		await fallDue(ctx, 'booking_id', bookingId, 'performance_check');
		expect(await settled(ctx, bookingId, 'testimonial_request')).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
		expect(await settled(ctx, bookingId, 'performance_check')).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
		expect(ctx.fake.invalidRequests).toBe(invalidBefore);
		expect(
			await ctx.bot.db.query(
				`select 1 from public.notifications n join public.members m on m.id = n.member_id where m.discord_user_id = $1 and n.kind = 'member_left'`,
				[nour.id]
			)
		).toEqual([]);
	});

	test('a member whose DMs are closed and who is still in the server keeps the booking thread for later reminders', async () => {
		const hadi = await ctx.fake.members.create({ username: 'hadi', joined: true, dmsClosed: true });
		const bookingId = await booked(ctx, hadi, new Date(Date.now() + 3 * DAY));
		const thread = await ctx.fake.waitForThread({ parentId: ctx.fake.channels.sessions, predicate: (view) => view.memberIds.includes(hadi.id) });
		await fallDue(ctx, 'booking_id', bookingId, 'reminder_24h');
		await ctx.fake.waitForMessage({ channelId: thread.id, predicate: (message) => message.text.includes('Your session is tomorrow') });
		expect(await settled(ctx, bookingId, 'reminder_24h')).toEqual({ status: 'sent', cancel_reason: null });
	});

	test('a member who left while the bot was away (its session invalidated): the next reminder learns it from Discord (50278), ends as member_left, and staff are told once', async () => {
		const kai = await ctx.fake.members.create({ username: 'kai', joined: true });
		await leavesUnseen(ctx, kai, await booked(ctx, kai, new Date(Date.now() + 3 * DAY)));
		expect(kai.dms()).toHaveLength(1);
	});

	test('a member with closed DMs who left while the bot was away: no reminder in the booking thread, which they are no longer in', async () => {
		const dana = await ctx.fake.members.create({ username: 'dana', joined: true, dmsClosed: true });
		const bookingId = await booked(ctx, dana, new Date(Date.now() + 3 * DAY));
		const thread = await ctx.fake.waitForThread({ parentId: ctx.fake.channels.sessions, predicate: (view) => view.memberIds.includes(dana.id) });
		await leavesUnseen(ctx, dana, bookingId);
		expect(ctx.fake.messages(thread.id).filter((message) => message.text.includes('Your session'))).toEqual([]);
	});

	test("a referrer who left still earns the credit when the friend's session is completed, but is sent no DM about it", async () => {
		const rima = await ctx.fake.members.create({ username: 'rima', joined: true });
		const code = /code: ([A-HJ-NP-Z2-9]{6})/.exec((await (await rima.slash('referral', { subcommand: 'show' })).message()).text)![1]!;
		const omar = await ctx.fake.members.create({ username: 'omar', joined: true });
		expect((await (await omar.slash('referral', { subcommand: 'use', options: { code } })).message()).text).toContain('10% off');
		await booked(ctx, omar, new Date(Date.now() + 3600_000));
		await ctx.fake.leave(rima);
		await until(
			async () =>
				(await ctx.bot.db.query(`select 1 from public.members where discord_user_id = $1 and left_at is not null`, [rima.id])).length === 1
		);
		const invalidBefore = ctx.fake.invalidRequests;
		await (await staff.slash('session', { subcommand: 'complete', options: { member: omar.id } })).message();
		const credit = async () =>
			(
				await ctx.bot.db.query<{ status: string; cancel_reason: string | null }>(
					`select n.status, n.cancel_reason from public.notifications n join public.members m on m.id = n.member_id where m.discord_user_id = $1 and n.kind = 'referral_credit'`,
					[rima.id]
				)
			)[0];
		await until(async () => (await credit()) !== undefined && (await credit())!.status !== 'pending');
		expect(await credit()).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
		const ledger = await ctx.bot.db.query(
			`select l.entry_type from public.credit_ledger l join public.members m on m.id = l.member_id where m.discord_user_id = $1`,
			[rima.id]
		);
		expect(ledger).toEqual([{ entry_type: 'earned' }]);
		expect(rima.dms()).toEqual([]);
		expect(ctx.fake.invalidRequests).toBe(invalidBefore);
	});

	test('a ticket waiting on a member who left gets no nudge in its thread, and closes on time with no summary DM tried', async () => {
		const tia = await ctx.fake.members.create({ username: 'tia', joined: true });
		const menu = await (await tia.slash('support')).message();
		const modal = await (await tia.select(menu, 'support-topic', ['other'])).modal();
		const threadId = /<#(\d+)>/.exec((await (await tia.submitModal(modal, { description: 'The overlay flickers in CS2.' })).message()).text)![1]!;
		const [ticket] = await ctx.bot.db.query<{ id: string }>('select id from public.support_tickets where channel_id = $1', [threadId]);
		await staff.sendMessage(threadId, 'Please turn off the overlay in the NVIDIA app and tell us.');
		await until(
			async () =>
				(await ctx.bot.db.query('select 1 from public.ticket_messages where ticket_id = $1 and author_is_staff', [ticket!.id])).length === 1
		);
		await ctx.fake.leave(tia);
		await until(
			async () =>
				(await ctx.bot.db.query(`select 1 from public.members where discord_user_id = $1 and left_at is not null`, [tia.id])).length === 1
		);
		const invalidBefore = ctx.fake.invalidRequests;

		await ctx.bot.db.query(`update public.support_tickets set last_activity_at = now() - interval '25 hours' where id = $1`, [ticket!.id]);
		await fallDue(ctx, 'ticket_id', ticket!.id, 'ticket_nudge');
		const nudge = async () =>
			(
				await ctx.bot.db.query<{ status: string; cancel_reason: string | null }>(
					`select status, cancel_reason from public.notifications where ticket_id = $1 and kind = 'ticket_nudge'`,
					[ticket!.id]
				)
			)[0];
		await until(async () => (await nudge())?.status !== 'pending');
		expect(await nudge()).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
		expect(ctx.fake.messages(threadId).filter((message) => message.text.includes('anything else we can help with'))).toEqual([]);

		await ctx.bot.db.query(`update public.support_tickets set nudged_at = nudged_at - interval '25 hours' where id = $1`, [ticket!.id]);
		await fallDue(ctx, 'ticket_id', ticket!.id, 'ticket_autoclose');
		await until(() =>
			ctx.fake.threads({ parentId: ctx.fake.channels.support }).some((thread) => thread.id === threadId && thread.archived && thread.locked)
		);
		const [closed] = await ctx.bot.db.query<{ status: string; closed_by: string }>(
			`select status, closed_by from public.support_tickets where id = $1`,
			[ticket!.id]
		);
		expect(closed).toEqual({ status: 'closed', closed_by: 'system:inactivity' });
		expect(tia.dms()).toEqual([]);
		expect(ctx.fake.invalidRequests).toBe(invalidBefore);
	});

	test('a booking naming someone no longer in the server (the bot missed them leaving): Discord refuses the question, the departure is recorded and the claim ends as member_left', async () => {
		await claimForSomeoneGone(ctx);
	});
});

/**
 * The member leaves while the bot's gateway session is invalidated, so GUILD_MEMBER_REMOVE never reaches it; once the
 * bot is back, their reminder falls due. The bot learns the departure from Discord's answer: no thread is opened, the
 * reminder ends as member_left and staff are told once.
 */
async function leavesUnseen(ctx: BotContext, member: FakeMember, bookingId: string): Promise<void> {
	const threadsBefore = ctx.fake.threads({ parentId: ctx.fake.channels.sessions }).length;
	ctx.fake.invalidateSession();
	await ctx.fake.leave(member);
	await ctx.fake.waitFor('the bot back on a new session', () => ctx.fake.connectedBots === 1, { timeoutMs: 15_000 });
	expect(await ctx.bot.db.query(`select 1 from public.members where discord_user_id = $1 and left_at is null`, [member.id])).toHaveLength(1);
	await fallDue(ctx, 'booking_id', bookingId, 'reminder_24h');
	expect(await settled(ctx, bookingId, 'reminder_24h')).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
	await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff, predicate: leftTheServer(member) });
	expect(ctx.fake.threads({ parentId: ctx.fake.channels.sessions })).toHaveLength(threadsBefore);
	await fallDue(ctx, 'booking_id', bookingId, 'reminder_2h');
	expect(await settled(ctx, bookingId, 'reminder_2h')).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
	expect(ctx.fake.messages(ctx.fake.channels.staff).filter(leftTheServer(member))).toHaveLength(1);
}

/** A booking whose form names a Discord user the bot knew, who is no longer in the server. */
async function claimForSomeoneGone(ctx: BotContext): Promise<void> {
	const rafi = await ctx.fake.members.create({ username: 'rafi' });
	await make.member(ctx.bot.db, { discord_user_id: rafi.id, username: 'rafi' });
	await deliver(
		ctx,
		inviteeCreated({
			startsAt: new Date(Date.now() + 3 * DAY),
			name: 'Rafi',
			email: 'rafi@example.com',
			answers: [{ question: 'Your Discord ID', answer: rafi.id }]
		})
	);
	const claim = async () =>
		(
			await ctx.bot.db.query<{ status: string; cancel_reason: string | null }>(
				`select n.status, n.cancel_reason from public.notifications n join public.members m on m.id = n.member_id where m.discord_user_id = $1 and n.kind = 'booking_claim'`,
				[rafi.id]
			)
		)[0];
	await until(async () => (await claim()) !== undefined && (await claim())!.status !== 'pending');
	expect(await claim()).toEqual({ status: 'skipped', cancel_reason: 'member_left' });
	const [member] = await ctx.bot.db.query<{ left: boolean }>(`select left_at is not null as left from public.members where discord_user_id = $1`, [
		rafi.id
	]);
	expect(member?.left).toBe(true);
	expect(rafi.dms()).toEqual([]);
}

/** Bots have long reported 50007, not 50278, for a user who shares no server: the bot asks Discord whether they are a member. */
describe('members who left, with the answer bots have long reported (50007)', () => {
	const ctx = useBot({ env, fake: { dmWithoutSharedServer: 50007 } });

	test('a member who left while the bot was away: 50007, then Unknown Member for them, so the reminder ends as member_left', async () => {
		const kai = await ctx.fake.members.create({ username: 'kai', joined: true });
		await leavesUnseen(ctx, kai, await booked(ctx, kai, new Date(Date.now() + 3 * DAY), 'link'));
	});

	test('a booking naming someone no longer in the server: 50007, then Unknown Member for them, so the claim ends as member_left', async () => {
		await claimForSomeoneGone(ctx);
	});
});
