import { beforeAll, describe, expect, test } from 'vitest';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

const threadIdIn = (text: string) => /<#(\d+)>/.exec(text)?.[1] ?? null;
const WEEK_AND_A_BIT_MS = 7 * 24 * 3_600_000 + 60_000;

/** A ticket thread nobody wrote in for a week archives itself (Discord's auto-archive); staff can still act on it. */
describe('tickets in an auto-archived thread', () => {
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
		const card = await ctx.fake.waitForMessage({ channelId: threadId, predicate: (message) => message.customIds.some((id) => id.startsWith('ticket-claim|')) });
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
		const [row] = await ctx.bot.db.query<{ claimed_by: string | null }>('select claimed_by from public.support_tickets where channel_id = $1', [threadId]);
		expect(row?.claimed_by).toBeNull();
	});

	test('closing an archived ticket locks it and sends the summary', async () => {
		const { member, threadId, card } = await quietTicket('sleepy');
		const modal = await (await staff.click(card, 'Close')).modal();
		expect((await (await staff.submitModal(modal, { reason: 'Answered elsewhere' })).message()).text).toContain('is closed');
		await member.nextDm({ timeoutMs: 15_000, predicate: (message) => message.text.includes('is closed') });
		await ctx.fake.waitFor('the thread to be locked', () => ctx.fake.threads({ parentId: ctx.fake.channels.support }).find((thread) => thread.id === threadId && thread.archived && thread.locked));
		expect(ctx.fake.message(card.id)?.buttons).toEqual([]);
	});
});
