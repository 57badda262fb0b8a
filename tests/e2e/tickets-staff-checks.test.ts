import { beforeAll, describe, expect, test } from 'vitest';
import { useBot } from './support/bot.ts';

const threadIdIn = (text: string) => /<#(\d+)>/.exec(text)?.[1] ?? null;

/**
 * Discord's permission defaults only hide commands and private threads from members; the bot decides who is staff.
 * Here the bot's staff role is another role than the moderator's, so Discord shows the moderator the thread and
 * /support-panel, and the bot must refuse.
 */
describe('ticket staff checks happen on the server', () => {
	const ctx = useBot({ env: () => ({ DISCORD_STAFF_ROLE_ID: '100000000000000099' }) });

	beforeAll(async () => {
		await ctx.fake.waitForCommand('support');
	});

	test('a moderator who is not staff can see a ticket but cannot claim or close it, nor post a panel', async () => {
		const moderator = await ctx.fake.members.create({ username: 'mod', roles: [ctx.fake.staffRoleId], joined: true });
		const xena = await ctx.fake.members.create({ username: 'xena', joined: true });
		const menu = await (await xena.slash('support')).message();
		const modal = await (await xena.select(menu, 'support-topic', ['other'])).modal();
		const reply = await (await xena.submitModal(modal, { description: 'Can staff call me about my booking?' })).message();
		const threadId = threadIdIn(reply.text)!;
		const card = await ctx.fake.waitForMessage({ channelId: threadId, predicate: (message) => message.customIds.length > 0 });

		const claim = await (await moderator.click(card, 'Claim')).message();
		expect(claim.text).toBe('Only FPSOS staff can claim tickets.');
		const close = await (await moderator.click(card, 'Close')).message();
		expect(close.text).toBe('Only the member who opened this ticket, or staff, can close it.');
		const panel = await (await moderator.slash('support-panel')).message();
		expect(panel.text).toBe('This command is for FPSOS staff only.');
		const [ticket] = await ctx.bot.db.query<{ status: string; claimed_by: string | null }>(
			'select status, claimed_by from public.support_tickets where channel_id = $1',
			[threadId]
		);
		expect(ticket).toEqual({ status: 'open', claimed_by: null });
	});
});
