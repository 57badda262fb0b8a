import { GatewayIntentBits } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { BOT_INTENTS, connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord GUILD_CREATE members', () => {
	describe("guildCreateMembers: 'as-discord'", () => {
		const discord = useFakeDiscord({ guildCreateMembers: 'as-discord' });

		test('without the presences intent the guild arrives with the bot as its only cached member, and member_count counting everyone', async () => {
			const { fake } = discord;
			await fake.members.create({ username: 'alice', joined: true });
			await fake.members.create({ username: 'bob', joined: true });
			const client = await connectTestClient(fake);
			const guild = client.guilds.cache.get(fake.guildId)!;
			expect([...guild.members.cache.keys()]).toEqual([fake.bot.id]);
			expect(guild.memberCount).toBe(4);
			const fetched = await guild.members.fetch();
			expect(fetched.size).toBe(4);
		});

		test('with the presences intent every member comes in GUILD_CREATE', async () => {
			const { fake } = discord;
			await fake.members.create({ username: 'alice', joined: true });
			const client = await connectTestClient(fake, undefined, { intents: [...BOT_INTENTS, GatewayIntentBits.GuildPresences] });
			expect(client.guilds.cache.get(fake.guildId)!.members.cache.size).toBe(3);
		});
	});

	describe("guildCreateMembers: 'all' (the default)", () => {
		const discord = useFakeDiscord();

		test('every member comes in GUILD_CREATE whatever the intents', async () => {
			const { fake } = discord;
			await fake.members.create({ username: 'alice', joined: true });
			const client = await connectTestClient(fake);
			expect(client.guilds.cache.get(fake.guildId)!.members.cache.size).toBe(3);
		});
	});
});
