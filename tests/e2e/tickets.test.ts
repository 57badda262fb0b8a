import { beforeAll, describe, expect, test } from 'vitest';
import { openTicket } from '../../src/bot/features/tickets/flow.ts';
import type { FakeMember, MessageView } from '../support/fake-discord/index.ts';
import { until } from '../support/wait.ts';
import { useBot } from './support/bot.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';

const threadIdIn = (text: string) => /<#(\d+)>/.exec(text)?.[1] ?? null;

/** Support tickets end to end: topic menu, known answers, the private thread, claims, closing, inactivity. */
describe('support tickets', () => {
	const ctx = useBot();
	let staff: FakeMember;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('support');
		await ctx.fake.waitForCommand('support-panel');
		staff = await ctx.fake.members.create({ username: 'coach', roles: [ctx.fake.staffRoleId], joined: true });
	});

	/** The member picks a topic without a known answer, describes the problem, and gets the ticket's thread. */
	async function openThroughMenu(
		member: FakeMember,
		topic = 'session',
		description = 'My FPS dropped by half since the session yesterday.'
	): Promise<{ reply: MessageView; threadId: string; card: MessageView }> {
		const menu = await (await member.slash('support')).message();
		const modal = await (await member.select(menu, 'support-topic', [topic])).modal();
		const reply = await (await member.submitModal(modal, { description })).message();
		const threadId = threadIdIn(reply.text);
		if (!threadId) throw new Error(`no thread in "${reply.text}"`);
		const card = await ctx.fake.waitForMessage({
			channelId: threadId,
			predicate: (message) => message.customIds.some((id) => id.startsWith('ticket-claim|'))
		});
		return { reply, threadId, card };
	}

	const ticketOf = async (threadId: string) =>
		(
			await ctx.bot.db.query<{
				id: string;
				status: string;
				claimed_by: string | null;
				closed_by: string | null;
				close_reason: string | null;
				topic: string;
			}>('select id, status, claimed_by, closed_by, close_reason, topic from public.support_tickets where channel_id = $1', [threadId])
		)[0]!;

	/** Time passes: the ticket's notification of `kind` falls due now and the bot is woken. */
	async function fallDue(ticketId: string, kind: 'ticket_nudge' | 'ticket_autoclose') {
		await ctx.bot.db.query(`update public.notifications set due_at = now() where ticket_id = $1 and kind = $2 and status = 'pending'`, [
			ticketId,
			kind
		]);
		await wakeOutbox(ctx.bot.db, ticketId);
	}

	test('a known answer comes first, and "That solved it" opens no ticket', async () => {
		const nora = await ctx.fake.members.create({ username: 'nora', joined: true });
		const menu = await (await nora.slash('support')).message();
		expect(menu.ephemeral).toBe(true);
		const answer = await (await nora.select(menu, 'support-topic', ['diagnostic'])).message();
		expect(answer.text).toContain('Run with PowerShell');
		expect(answer.buttons.map((button) => button.label)).toEqual(['That solved it', 'Open a ticket']);
		const solved = await (await nora.click(answer, 'That solved it')).message();
		expect(solved.text).toContain('glad that helped');
		expect(solved.buttons).toEqual([]);
		const [row] = await ctx.bot.db.query<{ n: number }>(
			`select count(*)::int as n from public.support_tickets t join public.members m on m.id = t.member_id where m.discord_user_id = $1`,
			[nora.id]
		);
		expect(row?.n ?? 0).toBe(0);
		expect(ctx.fake.threads({ parentId: ctx.fake.channels.support }).filter((thread) => thread.memberIds.includes(nora.id))).toEqual([]);
	});

	test('after a known answer, "Open a ticket" asks for the description and opens one on that topic', async () => {
		const omar = await ctx.fake.members.create({ username: 'omar', joined: true });
		const menu = await (await omar.slash('support')).message();
		const answer = await (await omar.select(menu, 'support-topic', ['payment'])).message();
		const modal = await (await omar.click(answer, 'Open a ticket')).modal();
		const reply = await (await omar.submitModal(modal, { description: 'I paid by bank transfer but my booking shows unpaid.' })).message();
		expect(reply.text).toContain('is open');
		expect((await ticketOf(threadIdIn(reply.text)!)).topic).toBe('payment');
	});

	test('open -> staff claim -> close with a reason: transcript stored, thread locked, summary DM with the transcript', async () => {
		const pam = await ctx.fake.members.create({ username: 'pam', joined: true });
		const { reply, threadId, card } = await openThroughMenu(pam);
		expect(reply.ephemeral).toBe(true);
		const thread = ctx.fake.threads({ parentId: ctx.fake.channels.support }).find((candidate) => candidate.id === threadId);
		expect(thread).toMatchObject({ private: true, invitable: false, archived: false });
		expect(thread?.memberIds).toContain(pam.id);
		expect(card.content).toContain(pam.mention);
		expect(card.content).toContain(staff.mention);
		expect(card.content).not.toContain('<@&');
		expect(card.text).toContain('After my session');
		expect(card.text).toContain('My FPS dropped by half');
		expect(card.buttons.map((button) => button.label)).toEqual(['Claim', 'Close']);

		await pam.sendMessage(threadId, 'It started right after the BIOS update.');
		const claimed = await (await staff.click(card, 'Claim')).message();
		expect(claimed.text).toContain(staff.mention);
		expect(claimed.buttons.map((button) => button.label)).toEqual(['Unclaim', 'Close']);
		await ctx.fake.waitForMessage({ channelId: threadId, predicate: (message) => message.text.includes('has claimed this ticket') });
		const ticket = await ticketOf(threadId);
		expect(ticket.claimed_by).toBe(`discord:${staff.id}`);
		await staff.sendMessage(threadId, 'Please reset the memory profile to XMP and tell me your FPS.');
		await until(async () => (await ctx.bot.db.query('select 1 from public.ticket_messages where ticket_id = $1', [ticket.id])).length === 2);

		const modal = await (await staff.click(claimed, 'Close')).modal();
		const done = await (await staff.submitModal(modal, { reason: 'Fixed: XMP was off after the BIOS update' })).message();
		expect(done.text).toContain('is closed');
		const notice = await ctx.fake.waitForMessage({ channelId: threadId, predicate: (message) => message.text.includes('Ticket closed by') });
		expect(notice.text).toContain('Fixed: XMP was off');
		const summary = await pam.nextDm({ predicate: (message) => message.text.includes('is closed') });
		expect(summary.text).toContain('Fixed: XMP was off after the BIOS update');
		expect(summary.text).toContain('2 messages');
		const transcript = summary.attachments[0]!.text();
		expect(transcript).toContain('My FPS dropped by half');
		expect(transcript).toMatch(/\] pam: It started right after the BIOS update\./);
		expect(transcript).toMatch(/\] coach \(staff\): Please reset the memory profile/);

		await until(() =>
			ctx.fake
				.threads({ parentId: ctx.fake.channels.support })
				.some((candidate) => candidate.id === threadId && candidate.archived && candidate.locked)
		);
		const stored = await ctx.bot.db.query<{ author_discord_id: string; author_is_staff: boolean; content: string; created_at: Date }>(
			'select author_discord_id, author_is_staff, content, created_at from public.ticket_messages where ticket_id = $1 order by created_at, id',
			[ticket.id]
		);
		expect(stored.map((row) => [row.author_discord_id, row.author_is_staff])).toEqual([
			[pam.id, false],
			[staff.id, true]
		]);
		expect(stored.every((row) => row.created_at instanceof Date)).toBe(true);
		expect(await ticketOf(threadId)).toMatchObject({
			status: 'closed',
			closed_by: `discord:${staff.id}`,
			close_reason: 'Fixed: XMP was off after the BIOS update'
		});
		const cardAfter = ctx.fake.message(card.id)!;
		expect(cardAfter.buttons).toEqual([]);
		await expect(pam.sendMessage(threadId, 'one more thing')).rejects.toThrow(/archived and locked/);
	});

	test('a second ticket is refused kindly, with a link to the open one, until it is closed', async () => {
		const quin = await ctx.fake.members.create({ username: 'quin', joined: true });
		const { threadId, card } = await openThroughMenu(quin, 'other', 'Where do I find the voice channel?');
		const again = await (await quin.slash('support')).message();
		expect(again.text).toContain('already have an open ticket');
		expect(again.text).toContain(`<#${threadId}>`);
		expect(again.customIds).toEqual([]);

		// The member may close their own ticket, with a reason; then a new ticket can open.
		const modal = await (await quin.click(card, 'Close')).modal();
		await (await quin.submitModal(modal, { reason: 'Found it, thanks' })).message();
		expect(await ticketOf(threadId)).toMatchObject({ status: 'closed', closed_by: `discord:${quin.id}` });
		const next = await openThroughMenu(quin, 'booking', 'Can I book two sessions back to back?');
		expect(next.threadId).not.toBe(threadId);
	});

	test('closing the ticket of a member whose DMs are closed still locks it, tries the DM once and remembers', async () => {
		const wes = await ctx.fake.members.create({ username: 'wes', joined: true, dmsClosed: true });
		const { threadId, card } = await openThroughMenu(wes, 'other', 'Voice chat cuts out during matches.');
		const modal = await (await staff.click(card, 'Close')).modal();
		await (await staff.submitModal(modal, { reason: 'Answered in the thread' })).message();
		await until(() =>
			ctx.fake.threads({ parentId: ctx.fake.channels.support }).some((thread) => thread.id === threadId && thread.archived && thread.locked)
		);
		await until(
			async () =>
				(await ctx.bot.db.query(`select 1 from public.members where discord_user_id = $1 and dm_status = 'closed'`, [wes.id])).length === 1
		);
		expect(wes.dms()).toEqual([]);
	});

	test('a ticket whose thread was deleted in Discord no longer blocks its member', async () => {
		const yan = await ctx.fake.members.create({ username: 'yan', joined: true });
		const { threadId } = await openThroughMenu(yan, 'other', 'Discord keeps disconnecting me.');
		// Staff delete the thread instead of closing the ticket.
		const thread = await ctx.bot.client.channels.fetch(threadId);
		await thread?.delete();
		const menu = await (await yan.slash('support')).message();
		expect(menu.customIds).toEqual(['support-topic']);
		expect(await ticketOf(threadId)).toMatchObject({ status: 'closed', closed_by: 'system:thread-deleted' });
		const next = await openThroughMenu(yan, 'other', 'Discord keeps disconnecting me, again.');
		expect(next.threadId).not.toBe(threadId);
	});

	test('a member cannot claim, even their own ticket; a too-short close reason is refused and changes nothing', async () => {
		const rita = await ctx.fake.members.create({ username: 'rita', joined: true });
		const { threadId, card } = await openThroughMenu(rita);
		const refused = await (await rita.click(card, 'Claim')).message();
		expect(refused.ephemeral).toBe(true);
		expect(refused.text).toContain('Only FPSOS staff can claim');
		expect((await ticketOf(threadId)).claimed_by).toBeNull();
		expect(ctx.fake.message(card.id)?.buttons.map((button) => button.label)).toEqual(['Claim', 'Close']);
		const modal = await (await rita.click(card, 'Close')).modal();
		const tooShort = await (await rita.submitModal(modal, { reason: '   ok   ' })).message();
		expect(tooShort.text).toContain('at least 3 characters');
		expect((await ticketOf(threadId)).status).toBe('open');
	});

	test('staff post the panel; its button opens the topic menu; members cannot post one', async () => {
		const posted = await (await staff.slash('support-panel', { channel: ctx.fake.channels.general })).message();
		expect(posted.text).toContain('Panel posted');
		const panel = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.general,
			predicate: (message) => message.text.includes('Need help?')
		});
		const sami = await ctx.fake.members.create({ username: 'sami', joined: true });
		const menu = await (await sami.click(panel, 'Open a ticket')).message();
		expect(menu.ephemeral).toBe(true);
		expect(menu.customIds).toEqual(['support-topic']);
		await expect(sami.slash('support-panel')).rejects.toThrow();
	});

	/** Staff answered; the ticket now waits on the member. */
	async function staffAnswered(threadId: string, ticketId: string) {
		await staff.sendMessage(threadId, 'Please turn off the overlay in the NVIDIA app and tell us.');
		await until(
			async () =>
				(await ctx.bot.db.query('select 1 from public.ticket_messages where ticket_id = $1 and author_is_staff', [ticketId])).length === 1
		);
	}

	test('a ticket waiting on the member gets a nudge, then closes automatically; the member gets the summary', async () => {
		const tess = await ctx.fake.members.create({ username: 'tess', joined: true });
		const { threadId } = await openThroughMenu(tess, 'other', 'The overlay flickers in CS2.');
		const { id } = await ticketOf(threadId);
		await staffAnswered(threadId, id);
		await ctx.bot.db.query(`update public.support_tickets set last_activity_at = now() - interval '25 hours' where id = $1`, [id]);
		await fallDue(id, 'ticket_nudge');
		const nudge = await ctx.fake.waitForMessage(
			{ channelId: threadId, predicate: (message) => message.text.includes('anything else we can help with') },
			{ timeoutMs: 15_000 }
		);
		expect(nudge.content).toContain(tess.mention);
		expect(nudge.content).toMatch(/<t:\d+:R>/);
		const [planned] = await ctx.bot.db.query<{ status: string }>(
			`select status from public.notifications where ticket_id = $1 and kind = 'ticket_autoclose'`,
			[id]
		);
		expect(planned?.status).toBe('pending');
		expect((await ticketOf(threadId)).status).toBe('open');

		await ctx.bot.db.query(`update public.support_tickets set nudged_at = nudged_at - interval '25 hours' where id = $1`, [id]);
		await fallDue(id, 'ticket_autoclose');
		const summary = await tess.nextDm({ timeoutMs: 15_000, predicate: (message) => message.text.includes('is closed') });
		expect(summary.text).toContain('after no reply');
		expect(await ticketOf(threadId)).toMatchObject({ status: 'closed', closed_by: 'system:inactivity' });
		await until(() =>
			ctx.fake.threads({ parentId: ctx.fake.channels.support }).some((thread) => thread.id === threadId && thread.archived && thread.locked)
		);
		expect(ctx.fake.messages(threadId).filter((message) => message.text.includes('closed automatically'))).toHaveLength(1);
		const nudges = ctx.fake.messages(threadId).filter((message) => message.text.includes('anything else we can help with'));
		expect(nudges).toHaveLength(1);
	});

	test('a ticket waiting on staff reminds staff instead, and never closes on the member', async () => {
		const zoe = await ctx.fake.members.create({ username: 'zoe', joined: true });
		const { threadId } = await openThroughMenu(zoe, 'other', 'Nobody has answered me yet.');
		const { id } = await ticketOf(threadId);
		await ctx.bot.db.query(`update public.support_tickets set last_activity_at = now() - interval '25 hours' where id = $1`, [id]);
		await fallDue(id, 'ticket_nudge');
		const reminder = await ctx.fake.waitForMessage(
			{ channelId: threadId, predicate: (message) => message.text.includes('still waiting for a reply from the team') },
			{ timeoutMs: 15_000 }
		);
		expect(reminder.content).toContain(staff.mention);
		expect(ctx.fake.notifiedBy(reminder.id)).toContain(staff.id);
		expect(reminder.content).not.toContain(zoe.mention);
		const rows = () =>
			ctx.bot.db.query<{ kind: string; status: string }>(
				`select kind, status from public.notifications where ticket_id = $1 order by created_at`,
				[id]
			);
		await until(async () => (await rows()).every((row) => row.status === 'sent'));
		expect(await rows()).toEqual([{ kind: 'ticket_nudge', status: 'sent' }]);
		expect((await ticketOf(threadId)).status).toBe('open');
	});

	test('a reply after the nudge keeps the ticket open and plans the next nudge', async () => {
		const uma = await ctx.fake.members.create({ username: 'uma', joined: true });
		const { threadId } = await openThroughMenu(uma, 'other', 'My mouse feels floaty in game.');
		const { id } = await ticketOf(threadId);
		await staffAnswered(threadId, id);
		await ctx.bot.db.query(`update public.support_tickets set last_activity_at = now() - interval '25 hours' where id = $1`, [id]);
		await fallDue(id, 'ticket_nudge');
		await ctx.fake.waitForMessage(
			{ channelId: threadId, predicate: (message) => message.text.includes('anything else we can help with') },
			{ timeoutMs: 15_000 }
		);
		await uma.sendMessage(threadId, 'Still floaty, sorry!');
		await until(async () => {
			const rows = await ctx.bot.db.query<{ kind: string; status: string }>(
				`select kind, status from public.notifications where ticket_id = $1`,
				[id]
			);
			return (
				rows.some((row) => row.kind === 'ticket_autoclose' && row.status === 'canceled') &&
				rows.some((row) => row.kind === 'ticket_nudge' && row.status === 'pending')
			);
		});
		expect((await ticketOf(threadId)).status).toBe('open');
	});

	test('a low rating opens a ticket with the session context; a second one joins the open ticket', async () => {
		const vic = await ctx.fake.members.create({ username: 'vic', joined: true });
		const first = await openTicket({
			guildId: ctx.fake.guildId,
			memberDiscordId: vic.id,
			topic: 'low_rating',
			description: 'Rated the session 4/10: "FPS is the same as before".',
			origin: 'low_rating'
		});
		if (!first.ok) throw new Error(first.reason);
		expect(first.created).toBe(true);
		const card = await ctx.fake.waitForMessage({ channelId: first.threadId, predicate: (message) => message.customIds.length > 0 });
		expect(card.text).toContain('Session follow-up');
		expect(card.text).toContain('Opened automatically after a low session rating');
		expect(card.text).toContain('4/10');

		const second = await openTicket({
			guildId: ctx.fake.guildId,
			memberDiscordId: vic.id,
			topic: 'low_rating',
			description: 'Rated another session 5/10.',
			origin: 'low_rating'
		});
		expect(second).toEqual({ ok: true, ticketId: first.ticketId, number: first.number, threadId: first.threadId, created: false });
		await ctx.fake.waitForMessage({ channelId: first.threadId, predicate: (message) => message.text.includes('Rated another session 5/10.') });
		expect(
			await openTicket({ guildId: ctx.fake.guildId, memberDiscordId: vic.id, topic: 'other', description: 'x'.repeat(20), origin: 'member' })
		).toEqual({
			ok: false,
			reason: 'already_open',
			threadId: first.threadId
		});
		expect(
			await openTicket({
				guildId: '100000000000000001',
				memberDiscordId: vic.id,
				topic: 'other',
				description: 'x'.repeat(20),
				origin: 'member'
			})
		).toEqual({ ok: false, reason: 'not_configured' });
	});
});
