import { beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../src/lib/log.ts';
import type { FakeGuild } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

/**
 * The bot serves exactly one server. Without DISCORD_GUILD_ID and already in two servers at start, it serves neither
 * and says so; nobody there is staff, not even an owner with every permission. Once only one server is left it serves
 * that one, and it leaves any server it is added to afterwards.
 */
describe('one server, and staff only there', () => {
	const lines: string[] = [];
	let elsewhere: FakeGuild;
	const ctx = useBot({
		env: () => ({ DISCORD_GUILD_ID: '' }),
		logger: createLogger('info', (line) => lines.push(line)),
		beforeStart: (fake) => {
			elsewhere = fake.addGuild({ name: 'Elsewhere' });
		}
	});
	const logged = (message: string) => lines.map((line) => JSON.parse(line) as { msg: string }).filter((entry) => entry.msg.includes(message));

	beforeAll(async () => {
		await ctx.fake.waitForCommand('stats');
	});

	test('in two servers without DISCORD_GUILD_ID it serves neither, says so, and an owner there is not staff', async () => {
		// The other server's owner has every permission there, Manage Server included.
		const reply = await (await elsewhere.owner.slash('stats', { channel: elsewhere.channels.general, subcommand: 'overview' })).message();
		expect(reply.text).toBe('This command is for FPSOS staff only.');
		await ctx.fake.waitFor('the warning about several servers', () => logged('several Discord servers').length > 0);
		expect(elsewhere.botIsMember).toBe(true);
		const staff = await ctx.fake.members.create({ username: 'sara', roles: [ctx.fake.staffRoleId], joined: true });
		expect((await (await staff.slash('stats', { subcommand: 'overview' })).message()).text).toBe('This command is for FPSOS staff only.');
	});

	test('once the other server removes it, it serves the one left: staff there are staff again', async () => {
		elsewhere.removeBot();
		await ctx.fake.waitFor('the bot to serve the one server left', () => logged('Serving the one Discord server').length > 0);
		const staff = await ctx.fake.members.create({ username: 'sami', roles: [ctx.fake.staffRoleId], joined: true });
		expect((await (await staff.slash('stats', { subcommand: 'overview' })).message()).text).not.toContain('staff only');
	});

	test('added to another server afterwards, it leaves it at once', async () => {
		const third = ctx.fake.addGuild({ name: 'Third' });
		await ctx.fake.waitFor(
			'the bot to leave the third server and say so',
			() => !third.botIsMember && logged('Left a Discord server the bot does not serve').length > 0
		);
		expect(ctx.fake.botGuildIds()).toEqual([ctx.fake.guildId]);
	});
});
