import { beforeAll, describe, expect, test } from 'vitest';
import { fakeFile, type FakeMember } from '../support/fake-discord/index.ts';
import { until } from '../support/wait.ts';
import { useBot } from './support/bot.ts';

const threadIdIn = (text: string) => /<#(\d+)>/.exec(text)?.[1] ?? null;
const WEEK_AND_A_BIT_MS = 7 * 24 * 3_600_000 + 60_000;

/**
 * Tickets over days: a ticket thread nobody wrote in for a week archives itself (Discord's auto-archive) and staff can
 * still act on it; file links expire after a day, so the transcript must not depend on them.
 */
describe('tickets over days', () => {
	const ctx = useBot();
	let staff: FakeMember;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('support');
		staff = await ctx.fake.members.create({ username: 'coach', roles: [ctx.fake.staffRoleId], joined: true });
	});

	async function quietTicket(username: string) {
		const member = await ctx.fake.members.create({ username, joined: true });
		const menu = await (await member.slash('support')).message();
		const modal = await (await member.select(menu, 'support-topic', ['other'])).modal();
		const reply = await (await member.submitModal(modal, { description: 'Nobody has looked at this for a week.' })).message();
		const threadId = threadIdIn(reply.text)!;
		const card = await ctx.fake.waitForMessage({
			channelId: threadId,
			predicate: (message) => message.customIds.some((id) => id.startsWith('ticket-claim|'))
		});
		ctx.fake.clock.advance(WEEK_AND_A_BIT_MS);
		expect(ctx.fake.threads({ parentId: ctx.fake.channels.support }).find((thread) => thread.id === threadId)?.archived).toBe(true);
		return { member, threadId, card };
	}

	test('claiming and unclaiming an archived ticket work: the thread is reopened and the card shows who has it', async () => {
		const { threadId, card } = await quietTicket('quiet');
		const claimed = await (await staff.click(card, 'Claim')).message();
		expect(claimed.text).toContain(staff.mention);
		expect(claimed.buttons.map((button) => button.label)).toEqual(['Unclaim', 'Close']);
		await ctx.fake.waitForMessage({ channelId: threadId, predicate: (message) => message.text.includes('has claimed this ticket') });
		expect(ctx.fake.threads({ parentId: ctx.fake.channels.support }).find((thread) => thread.id === threadId)?.archived).toBe(false);

		ctx.fake.clock.advance(WEEK_AND_A_BIT_MS);
		const unclaimed = await (await staff.click(claimed, 'Unclaim')).message();
		expect(unclaimed.buttons.map((button) => button.label)).toEqual(['Claim', 'Close']);
		const [row] = await ctx.bot.db.query<{ claimed_by: string | null }>('select claimed_by from public.support_tickets where channel_id = $1', [
			threadId
		]);
		expect(row?.claimed_by).toBeNull();
	});

	test('closing an archived ticket locks it and sends the summary', async () => {
		const { member, threadId, card } = await quietTicket('sleepy');
		const modal = await (await staff.click(card, 'Close')).modal();
		expect((await (await staff.submitModal(modal, { reason: 'Answered elsewhere' })).message()).text).toContain('is closed');
		await member.nextDm({ timeoutMs: 15_000, predicate: (message) => message.text.includes('is closed') });
		await ctx.fake.waitFor('the thread to be locked', () =>
			ctx.fake.threads({ parentId: ctx.fake.channels.support }).find((thread) => thread.id === threadId && thread.archived && thread.locked)
		);
		expect(ctx.fake.message(card.id)?.buttons).toEqual([]);
	});

	test("the transcript names a member's files with their size and holds no link that expires", async () => {
		const member = await ctx.fake.members.create({ username: 'filer', joined: true });
		const menu = await (await member.slash('support')).message();
		const modal = await (await member.select(menu, 'support-topic', ['other'])).modal();
		const reply = await (await member.submitModal(modal, { description: 'My game stutters, log attached below.' })).message();
		const threadId = threadIdIn(reply.text)!;
		const card = await ctx.fake.waitForMessage({
			channelId: threadId,
			predicate: (message) => message.customIds.some((id) => id.startsWith('ticket-claim|'))
		});
		await member.sendMessage(threadId, 'Here is the log.', { files: [fakeFile('dxdiag.txt', 'System Information\n'.repeat(200))] });
		const [ticket] = await ctx.bot.db.query<{ id: string }>('select id from public.support_tickets where channel_id = $1', [threadId]);
		await until(async () => (await ctx.bot.db.query('select 1 from public.ticket_messages where ticket_id = $1', [ticket!.id])).length === 1);
		const modalClose = await (await staff.click(card, 'Close')).modal();
		await (await staff.submitModal(modalClose, { reason: 'Driver reinstalled' })).message();
		const summary = await member.nextDm({ timeoutMs: 15_000, predicate: (message) => message.text.includes('is closed') });
		const transcript = summary.attachments[0]!.text();
		// Read a day later, as a member would: every link in it must still work.
		ctx.fake.clock.advance(25 * 3_600_000);
		const links = transcript.match(/https?:\/\/\S+/g) ?? [];
		for (const link of links) expect((await fetch(link)).status, link).toBe(200);
		expect(transcript).toContain('+ dxdiag.txt (3.7 KB)');
	});
});
