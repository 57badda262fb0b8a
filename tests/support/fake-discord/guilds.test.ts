import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { CommandUnavailableError } from './command-scope.ts';
import { FakeDiscord } from './fake-discord.ts';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

const everywhere = new SlashCommandBuilder()
	.setName('stats')
	.setDescription('figures')
	.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
	.toJSON();

/** Several servers: the bot can be added to another one, sees it, can leave it. */
describe('fake Discord servers', () => {
	const discord = useFakeDiscord();

	test('the bot added to another server gets GUILD_CREATE with only itself as member, and can register commands there', async () => {
		const { fake, client } = await discord.connectClient();
		const created = new Promise<string>((resolve) => client.once('guildCreate', (guild) => resolve(guild.id)));
		const other = fake.addGuild({ name: 'Elsewhere' });
		expect(await created).toBe(other.id);
		expect([...client.guilds.cache.keys()].sort()).toEqual([fake.guildId, other.id].sort());
		expect(client.guilds.cache.get(other.id)?.members.cache.map((member) => member.id)).toEqual([fake.bot.id]);
		expect(fake.botGuildIds()).toEqual([fake.guildId, other.id]);
		await client.application?.commands.set([everywhere], other.id);
		expect(fake.commands().find((command) => command.name === 'stats')?.guild_id).toBe(other.id);
	});

	test("a member of the other server runs a global command there: the interaction carries that server's id and the owner's permissions", async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake, (bot) => {
			bot.on('interactionCreate', (interaction) => {
				if (interaction.isChatInputCommand()) void interaction.reply({ content: `in ${interaction.guildId ?? 'DMs'}` });
			});
		});
		await client.application?.commands.set([everywhere]);
		const other = fake.addGuild({ name: 'Elsewhere' });
		await fake.waitFor('the bot to cache the other server', () => client.guilds.cache.has(other.id));
		const handle = await other.owner.slash('stats', { channel: other.channels.general });
		expect(handle.payload).toMatchObject({ guild_id: other.id, context: 0, member: { user: { id: other.owner.id } } });
		expect(BigInt((handle.payload.member as { permissions: string }).permissions) & 8n).toBe(8n);
		expect((await handle.message()).text).toBe(`in ${other.id}`);
	});

	test("leaving a server: 204, GUILD_DELETE, and its members can no longer run the bot's commands there", async () => {
		const { fake, client } = await discord.connectClient();
		await client.application?.commands.set([everywhere]);
		const other = fake.addGuild({ name: 'Elsewhere' });
		await fake.waitFor('the bot to cache the other server', () => client.guilds.cache.has(other.id));
		const deleted = new Promise<string>((resolve) => client.once('guildDelete', (guild) => resolve(guild.id)));
		await client.guilds.cache.get(other.id)?.leave();
		expect(await deleted).toBe(other.id);
		expect(other.botIsMember).toBe(false);
		expect(fake.botGuildIds()).toEqual([fake.guildId]);
		await expect(other.owner.slash('stats', { channel: other.channels.general })).rejects.toThrow(CommandUnavailableError);
		expect(other.owner.canUse('stats', { channel: other.channels.general })).toMatchObject({
			ok: false,
			reason: expect.stringContaining('the bot is not in this server')
		});
		await expect(client.application?.commands.set([everywhere], other.id)).rejects.toMatchObject({ code: 50001 });
		expect(fake.takeViolations()).toEqual([]);
	});

	test('a bot already in two servers is told about both in READY and gets a GUILD_CREATE for each', async () => {
		const fake = await FakeDiscord.start();
		try {
			const other = fake.addGuild({ name: 'Second' });
			const client = await connectTestClient(fake);
			expect([...client.guilds.cache.keys()].sort()).toEqual([fake.guildId, other.id].sort());
			expect(client.guilds.cache.get(other.id)?.name).toBe('Second');
		} finally {
			await fake.stop();
		}
	});
});
