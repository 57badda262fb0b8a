import { ChannelType, Client, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { connectTestClient, textChannel } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord login', () => {
	const discord = useFakeDiscord();

	test('a discord.js client logs in and receives the guild with channels, roles and members', async () => {
		const { fake, client } = await discord.connectClient();
		expect(client.user?.id).toBe(fake.bot.id);
		expect(client.application?.id).toBe(fake.applicationId);
		const guild = client.guilds.cache.get(fake.guildId);
		expect(guild?.name).toBeTruthy();
		expect(guild?.roles.everyone.id).toBe(fake.guildId);
		expect(guild?.roles.cache.get(fake.staffRoleId)?.name).toBe('Staff');
		expect(guild?.members.cache.get(fake.bot.id)?.user.bot).toBe(true);
		expect(guild?.channels.cache.get(fake.channels.general)?.type).toBe(ChannelType.GuildText);
		expect(guild?.channels.cache.get(fake.channels.category)?.type).toBe(ChannelType.GuildCategory);
		expect(guild?.members.me?.permissionsIn(fake.channels.staff).has('ViewChannel')).toBe(true);
		expect(guild?.roles.everyone.permissions.has('ViewChannel')).toBe(true);
		expect(fake.connectedBots).toBe(1);
	});

	test('a client with the wrong token is refused at the gateway', async () => {
		const { fake } = discord;
		const options: Omit<ClientOptions, 'tasks'> = { intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase, version: '10' } };
		const impostor = new Client(options as ClientOptions);
		fake.addCleanup(() => impostor.destroy());
		await expect(impostor.login('not.the.token')).rejects.toThrow();
		expect(fake.takeViolations().map((violation) => violation.kind)).toContain('unauthorized');
	});
});

describe('one fake shared by a file (scope: all)', () => {
	const discord = useFakeDiscord({ scope: 'all' });
	let client: Client;

	beforeAll(async () => {
		client = await connectTestClient(discord.fake);
	});

	test('the first test sends a message', async () => {
		await textChannel(client, discord.fake.channels.general).send('from test 1');
		expect(discord.fake.transcript()).toContain('from test 1');
	});

	test('the next test keeps the bot and the guild state but starts with a fresh transcript', () => {
		expect(discord.fake.connectedBots).toBe(1);
		expect(discord.fake.messages(discord.fake.channels.general).map((message) => message.content)).toEqual(['from test 1']);
		expect(discord.fake.transcript()).not.toContain('from test 1');
	});
});
