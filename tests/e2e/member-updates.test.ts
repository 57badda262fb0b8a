import { beforeAll, describe, expect, test } from 'vitest';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

/**
 * Discord sends the bot only itself in GUILD_CREATE, so members who were in the server before it started are not
 * cached, and a role or nickname change reaches the bot with a partial old member (`pending` unknown). Such an update
 * is not a screening, and no update creates, recreates or changes a member row: a member who deleted their data comes
 * back only through a new action of their own.
 */
describe('member updates from members the bot never cached', () => {
	const ctx = useBot();

	beforeAll(async () => {
		await ctx.fake.waitForCommand('mydata');
	});

	const rowsOf = (member: FakeMember) => ctx.bot.db.query('select id from public.members where discord_user_id = $1', [member.id]);

	/** A join the bot welcomes: its DM arrives after the updates dispatched before it were handled. */
	async function afterTheBotCaughtUp(name: string): Promise<void> {
		const marker = await ctx.fake.members.create({ username: name });
		await ctx.fake.join(marker);
		await marker.nextDm();
	}

	test('a role change and a nickname for a long-time member create no member row and welcome nobody', async () => {
		const { fake } = ctx;
		const omar = await fake.members.create({ username: 'omar', joined: true });
		fake.setNickname(omar, 'Omar the Great');
		await fake.setRoles(omar, [fake.staffRoleId]);
		await afterTheBotCaughtUp('marker1');
		expect(fake.transcript()).toMatch(/GUILD_MEMBER_UPDATE omar/);
		expect(await rowsOf(omar)).toEqual([]);
		expect(omar.dms()).toEqual([]);
	});

	test('a member who deleted their data (from DMs) is not recreated by a later role change, and comes back by using a command', async () => {
		const { fake } = ctx;
		const lina = await fake.members.create({ username: 'lina', joined: true });
		await (await lina.slash('referral', { subcommand: 'show', channel: 'dm' })).message();
		expect(await rowsOf(lina)).toHaveLength(1);
		const prompt = await (await lina.slash('mydata', { subcommand: 'delete', channel: 'dm' })).message();
		await (await lina.click(prompt, 'Yes, delete my data')).message();
		expect(await rowsOf(lina)).toEqual([]);

		await fake.setRoles(lina, [fake.staffRoleId]);
		fake.setNickname(lina, 'lina2');
		await afterTheBotCaughtUp('marker2');
		expect(await rowsOf(lina)).toEqual([]);
		expect(lina.dms().filter((message) => message.text.includes('Welcome'))).toEqual([]);

		// Her own new action brings her back.
		await (await lina.slash('referral', { subcommand: 'show', channel: 'dm' })).message();
		expect(await rowsOf(lina)).toHaveLength(1);
	});
});
