import { ChannelType } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { CACHED_PEOPLE, REST_HANDLER_SWEEP_MS } from '../../src/bot/client.ts';
import { CACHED_DM_CHANNELS } from '../../src/bot/dm-channels.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { until } from '../support/wait.ts';
import { useBot } from './support/bot.ts';

/**
 * Memory that does not grow with the number of people the bot has met (issue 18). On Discord a bot without the
 * presences intent starts with itself as the only cached member; everyone else is cached as they show up. A bot that
 * runs for months meets every member, newcomers included, so what it keeps per person must have a ceiling.
 */
describe('caches over many members', () => {
	const ctx = useBot();

	test('after more members than the caches hold each used a command and chatted by DM, the bot keeps a bounded number of users, members and DM channels, no messages, and lets their REST queues go', async () => {
		const { fake, bot } = ctx;
		// Sapphire registers the commands after login; with the network delay that lands after the bot is ready.
		await fake.waitForCommand('ping');
		const people: FakeMember[] = [];
		for (let index = 0; index < CACHED_PEOPLE + 40; index += 1)
			people.push(await fake.members.create({ username: `visitor${String(index).padStart(4, '0')}`, joined: true }));
		const queue = [...people];
		await Promise.all(
			Array.from({ length: 8 }, async () => {
				for (let member = queue.shift(); member; member = queue.shift()) {
					await (await member.slash('ping')).reply();
					await member.dm('hello');
					expect((await member.nextDm()).text).toContain('FPSOS bot');
				}
			})
		);

		const { client } = bot;
		const guild = client.guilds.cache.get(fake.guildId)!;
		const dmChannels = client.channels.cache.filter((channel) => channel.type === ChannelType.DM);
		const cachedMessages = client.channels.cache.reduce((sum, channel) => sum + ('messages' in channel ? channel.messages.cache.size : 0), 0);
		const kept = { users: client.users.cache.size, members: guild.members.cache.size, dmChannels: dmChannels.size, messages: cachedMessages };
		expect(kept.users, JSON.stringify(kept)).toBeLessThanOrEqual(CACHED_PEOPLE + 1);
		expect(kept.members, JSON.stringify(kept)).toBeLessThanOrEqual(CACHED_PEOPLE + 1);
		expect(kept.dmChannels, JSON.stringify(kept)).toBeLessThanOrEqual(CACHED_DM_CHANNELS);
		expect(kept.messages, JSON.stringify(kept)).toBe(0);
		// The bot itself stays cached, and a member the caches dropped is served as before.
		expect(guild.members.me?.id).toBe(fake.bot.id);
		expect((await (await people[0]!.slash('ping')).message()).text).toContain('Pong');

		// discord.js keeps a rate-limit queue per DM channel it wrote to (and per deferred interaction): idle ones go.
		expect(client.rest.handlers.size).toBeGreaterThan(CACHED_PEOPLE);
		await until(() => client.rest.handlers.size < 20, REST_HANDLER_SWEEP_MS + 15_000, 500);
	}, 240_000);
});
