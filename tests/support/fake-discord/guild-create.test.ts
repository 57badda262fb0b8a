import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { BOT_INTENTS, connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord GUILD_CREATE members', () => {
	describe('as Discord (the default)', () => {
		const discord = useFakeDiscord();

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
	});

	describe('the presences intent, once the application has it enabled', () => {
		const discord = useFakeDiscord({ privilegedIntents: ['GuildMembers', 'GuildPresences', 'MessageContent'] });

		test('every member comes in GUILD_CREATE', async () => {
			const { fake } = discord;
			await fake.members.create({ username: 'alice', joined: true });
			const client = await connectTestClient(fake, undefined, { intents: [...BOT_INTENTS, GatewayIntentBits.GuildPresences] });
			expect(client.guilds.cache.get(fake.guildId)!.members.cache.size).toBe(3);
		});
	});

	describe("guildCreateMembers: 'all' (opt-in, for tests about something else)", () => {
		const discord = useFakeDiscord({ guildCreateMembers: 'all' });

		test('every member comes in GUILD_CREATE whatever the intents', async () => {
			const { fake } = discord;
			await fake.members.create({ username: 'alice', joined: true });
			const client = await connectTestClient(fake);
			expect(client.guilds.cache.get(fake.guildId)!.members.cache.size).toBe(3);
		});
	});
});

describe('fake Discord privileged intents (close 4014)', () => {
	const discord = useFakeDiscord({ privilegedIntents: ['MessageContent'] });

	const login = async (intents: GatewayIntentBits[]): Promise<unknown> => {
		const { fake } = discord;
		const options: Omit<ClientOptions, 'tasks'> = { intents, rest: { api: fake.apiBase, version: '10' } };
		const client = new Client(options as ClientOptions);
		fake.addCleanup(() => client.destroy());
		const closes: number[] = [];
		client.on('shardDisconnect', (event) => void closes.push(event.code));
		const error = await client.login(fake.bot.token).then(
			() => null,
			(failure: unknown) => failure
		);
		return { error, closes };
	};

	test('a bot asking for Server Members Intent the application has not enabled is closed with 4014 and login rejects', async () => {
		const { error, closes } = (await login(BOT_INTENTS.slice())) as { error: Error; closes: number[] };
		expect(closes).toEqual([4014]);
		// discord.js v14 rejects with @discordjs/ws's plain Error: no `code` to read (src/cli/start.ts must know this).
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toBe('Used disallowed intents');
		expect((error as { code?: unknown }).code).toBeUndefined();
		expect(discord.fake.connectedBots).toBe(0);
		expect(discord.fake.transcript()).toContain('close 4014');
	});

	test('the same bot logs in once the owner enables the intent', async () => {
		discord.fake.setPrivilegedIntents(['GuildMembers', 'MessageContent']);
		const { error } = (await login(BOT_INTENTS.slice())) as { error: unknown };
		expect(error).toBeNull();
		expect(discord.fake.connectedBots).toBe(1);
	});

	test('listing the members over REST needs Server Members Intent enabled for the application: else 403 50001', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake, undefined, { intents: [GatewayIntentBits.Guilds] });
		await expect(client.guilds.cache.get(fake.guildId)!.members.list({ limit: 10 })).rejects.toMatchObject({ code: 50001 });
		expect(fake.takeViolations().map((violation) => violation.reason)).toEqual([
			expect.stringContaining('Server Members Intent is not enabled for the application')
		]);
		fake.setPrivilegedIntents(['GuildMembers']);
		expect((await client.guilds.cache.get(fake.guildId)!.members.list({ limit: 10 })).size).toBe(2);
	});

	test('non-privileged intents need no switch', async () => {
		const { error } = (await login([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent])) as {
			error: unknown;
		};
		expect(error).toBeNull();
	});
});

describe('fake Discord gateway refusals on demand', () => {
	const discord = useFakeDiscord();

	test('closeNextIdentify(4004): the login fails with close 4004 though REST accepted the token, and the next login works', async () => {
		const { fake } = discord;
		fake.closeNextIdentify(4004);
		const options: Omit<ClientOptions, 'tasks'> = { intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase, version: '10' } };
		const client = new Client(options as ClientOptions);
		fake.addCleanup(() => client.destroy());
		const closes: number[] = [];
		client.on('shardDisconnect', (event) => void closes.push(event.code));
		await expect(client.login(fake.bot.token)).rejects.toThrow('Authentication failed');
		expect(closes).toEqual([4004]);
		expect(fake.violations).toEqual([]);
		await connectTestClient(fake);
		expect(fake.connectedBots).toBe(1);
	});
});
