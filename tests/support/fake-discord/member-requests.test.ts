import { GatewayIntentBits } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord Request Guild Members (op 8)', () => {
	const discord = useFakeDiscord();

	test('the entire list comes in chunks of up to 1000 members, and discord.js gathers them all', async () => {
		const { fake } = discord;
		for (let index = 0; index < 1_050; index += 1) await fake.members.create({ username: `m${index}`, joined: true });
		const chunks: { index: number; count: number; size: number }[] = [];
		const client = await connectTestClient(fake, (bot) => {
			bot.on('guildMembersChunk', (members, _guild, chunk) => void chunks.push({ index: chunk.index, count: chunk.count, size: members.size }));
		});
		const members = await client.guilds.cache.get(fake.guildId)!.members.fetch();
		expect(members.size).toBe(1_052);
		expect(chunks).toEqual([
			{ index: 0, count: 2, size: 1_000 },
			{ index: 1, count: 2, size: 52 }
		]);
	});

	test('a username prefix returns at most 100 members, whatever the limit asked', async () => {
		const { fake } = discord;
		for (let index = 0; index < 120; index += 1) await fake.members.create({ username: `player${index}`, joined: true });
		const client = await connectTestClient(fake);
		const found = await client.guilds.cache.get(fake.guildId)!.members.fetch({ query: 'player', limit: 1000 });
		expect(found.size).toBe(100);
	});

	test('the entire list once per guild every 30 seconds: a second request gets RATE_LIMITED, which discord.js rejects', async () => {
		const { fake, client } = await discord.connectClient();
		const guild = client.guilds.cache.get(fake.guildId)!;
		await guild.members.fetch();
		await expect(guild.members.fetch()).rejects.toMatchObject({ name: 'GatewayRateLimitError', data: { opcode: 8 } });
		expect(fake.transcript()).toMatch(/RATE_LIMITED, retry after \d+\.\d+ s/);
		// Single members and prefixes are not limited; 30 seconds later the entire list is allowed again.
		expect((await guild.members.fetch({ query: 'guild', limit: 5 })).size).toBe(1);
		// The limit is the bot's, not its session's: another session of the same bot (a second process) shares it.
		const second = await connectTestClient(fake);
		await expect(second.guilds.cache.get(fake.guildId)!.members.fetch()).rejects.toMatchObject({ name: 'GatewayRateLimitError' });
		fake.clock.advance(30_000);
		expect((await guild.members.fetch()).size).toBe(2);
	});

	test('the entire list without the GUILD_MEMBERS intent is a violation (what Discord answers is not documented)', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake, undefined, { intents: [GatewayIntentBits.Guilds] });
		await expect(client.guilds.cache.get(fake.guildId)!.members.fetch({ time: 300 })).rejects.toThrow();
		expect(fake.takeViolations().map((violation) => violation.reason)).toEqual([
			'Request Guild Members for the entire list without the GUILD_MEMBERS intent'
		]);
	});
});
