import { beforeAll, describe, expect, test } from 'vitest';
import { CommandUnavailableError } from '../support/fake-discord/index.ts';
import * as make from '../support/rows.ts';
import { useBot } from './support/bot.ts';

/**
 * The owner's and staff's tools check staff on the server. Here the bot's staff role is another role than the one the
 * moderator holds, so Discord shows them the commands (default permissions: Manage Threads) and the bot must refuse.
 * (The fake Discord cannot create roles, hence a bot of its own for this file.)
 */
describe('staff tools are refused to non-staff on the server', () => {
	const ctx = useBot({ env: () => ({ DISCORD_STAFF_ROLE_ID: '100000000000000099' }) });

	beforeAll(async () => {
		await ctx.fake.waitForCommand('stats');
		await ctx.fake.waitForCommand('booking');
		await ctx.fake.waitForCommand('member');
	});

	test('/stats, /member info, /booking link and /booking paid each answer "staff only" and change nothing', async () => {
		const moderator = await ctx.fake.members.create({ username: 'mod', roles: [ctx.fake.staffRoleId], joined: true });
		const other = await ctx.fake.members.create({ username: 'vic', joined: true });
		const booking = await make.booking(ctx.bot.db, { starts_at: make.sql`now()`, price_aed: 399, needs_staff_review: true });
		const invocations = [
			moderator.slash('stats', { subcommand: 'overview', options: { period: 7 } }),
			moderator.slash('stats', { subcommand: 'export' }),
			moderator.slash('member', { subcommand: 'info', options: { member: other.user.id } }),
			moderator.slash('booking', { subcommand: 'link', options: { booking: booking.id, member: other.user.id } }),
			moderator.slash('booking', { subcommand: 'paid', options: { booking: booking.id, method: 'cash', amount: 399 } })
		];
		for (const invocation of invocations) {
			const reply = await (await invocation).message();
			expect(reply.text).toBe('This command is for FPSOS staff only.');
			expect(reply.attachments).toHaveLength(0);
			expect(reply.embeds).toHaveLength(0);
		}
		const [row] = await ctx.bot.db.query<Record<string, unknown>>('select member_id, payment_status from public.bookings where id = $1', [
			booking.id
		]);
		expect(row).toEqual({ member_id: null, payment_status: 'unpaid' });
		const members = await ctx.bot.db.query('select 1 from public.members where discord_user_id = $1', [other.user.id]);
		expect(members).toHaveLength(0);
	});

	test('members without Manage Threads are not even shown the commands', async () => {
		const member = await ctx.fake.members.create({ username: 'wes', joined: true });
		for (const name of ['stats', 'member', 'booking']) {
			await expect(member.slash(name, { subcommand: name === 'booking' ? 'paid' : name === 'member' ? 'info' : 'overview' })).rejects.toThrow(
				CommandUnavailableError
			);
		}
	});
});
