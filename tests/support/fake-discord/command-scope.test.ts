import {
	ApplicationIntegrationType,
	InteractionContextType,
	PermissionFlagsBits,
	SlashCommandBuilder,
	type RESTPostAPIChatInputApplicationCommandsJSONBody
} from 'discord.js';
import { describe, expect, test } from 'vitest';
import { CommandUnavailableError } from './command-scope.ts';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

const command = (
	name: string,
	build: (builder: SlashCommandBuilder) => SlashCommandBuilder = (builder) => builder
): RESTPostAPIChatInputApplicationCommandsJSONBody => build(new SlashCommandBuilder().setName(name).setDescription(`the ${name} command`)).toJSON();

/** Where Discord lets a member run a command: guild vs global, contexts, integration types, permissions. */
describe('fake Discord command scope', () => {
	const discord = useFakeDiscord();

	async function botAnswering() {
		return connectTestClient(discord.fake, (bot) => {
			bot.on('interactionCreate', (interaction) => {
				if (interaction.isChatInputCommand()) void interaction.reply({ content: `ran /${interaction.commandName}` });
			});
		});
	}

	test('a guild command never appears in DMs, whatever its contexts say', async () => {
		const { fake } = discord;
		const client = await botAnswering();
		await client.application?.commands.set(
			[command('book', (builder) => builder.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM))],
			fake.guildId
		);
		const alice = await fake.members.create({ username: 'alice', joined: true });
		expect(alice.canUse('book')).toMatchObject({ ok: true });
		expect(alice.canUse('book', { channel: 'dm' })).toEqual({
			ok: false,
			reason: expect.stringContaining("guild commands don't support the BOT_DM context")
		});
		await expect(alice.slash('book', { channel: 'dm' })).rejects.toThrow(CommandUnavailableError);
		expect((await (await alice.slash('book')).message()).text).toBe('ran /book');
	});

	test('a global command with contexts Guild and BotDM works in both; the DM interaction has no guild and context 1', async () => {
		const { fake } = discord;
		const client = await botAnswering();
		await client.application?.commands.set([
			command('packages', (builder) => builder.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM))
		]);
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const inDm = await alice.slash('packages', { channel: 'dm' });
		expect(inDm.payload).toMatchObject({ context: InteractionContextType.BotDM, user: { id: alice.id } });
		expect(inDm.payload.guild_id).toBeUndefined();
		expect((await inDm.message()).text).toBe('ran /packages');
		expect((await (await alice.slash('packages')).message()).text).toBe('ran /packages');
	});

	test.each([
		{
			label: 'contexts [Guild] only',
			build: (builder: SlashCommandBuilder) => builder.setContexts(InteractionContextType.Guild),
			guild: true,
			dm: false,
			why: /do not include BotDM/
		},
		{ label: 'contexts omitted (all by default)', build: (builder: SlashCommandBuilder) => builder, guild: true, dm: true, why: null },
		{
			label: 'the deprecated dm_permission false',
			build: (builder: SlashCommandBuilder) => builder.setDMPermission(false),
			guild: true,
			dm: false,
			why: /do not include BotDM/
		},
		{
			label: 'contexts [PrivateChannel] only (needs a user install)',
			build: (builder: SlashCommandBuilder) => builder.setContexts(InteractionContextType.PrivateChannel),
			guild: false,
			dm: false,
			why: /do not include/
		},
		{
			label: 'integration_types [UserInstall] only',
			build: (builder: SlashCommandBuilder) => builder.setIntegrationTypes(ApplicationIntegrationType.UserInstall),
			guild: false,
			dm: false,
			why: /installed to servers only/
		}
	])('a global command with $label: guild $guild, DM $dm', async ({ build, guild, dm, why }) => {
		const { fake } = discord;
		const client = await botAnswering();
		await client.application?.commands.set([command('probe', build)]);
		const alice = await fake.members.create({ username: 'alice', joined: true });
		expect(alice.canUse('probe').ok).toBe(guild);
		const inDm = alice.canUse('probe', { channel: 'dm' });
		expect(inDm.ok).toBe(dm);
		if (!inDm.ok && why) expect(inDm.reason).toMatch(why);
	});

	test('DMs need a server shared with the bot; default_member_permissions does not apply there', async () => {
		const { fake } = discord;
		const client = await botAnswering();
		await client.application?.commands.set([
			command('mydata', (builder) =>
				builder.setDefaultMemberPermissions(0n).setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
			)
		]);
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const stranger = await fake.members.create({ username: 'stranger' });
		expect(alice.canUse('mydata')).toMatchObject({ ok: false, reason: expect.stringContaining('default_member_permissions 0') });
		expect(alice.canUse('mydata', { channel: 'dm' }).ok).toBe(true);
		expect(stranger.canUse('mydata', { channel: 'dm' })).toMatchObject({
			ok: false,
			reason: expect.stringContaining('shares no server with the bot')
		});
	});

	test('"0" hides a command from everyone but Administrator and the owner; Use Application Commands is needed in the channel', async () => {
		const { fake } = discord;
		const client = await botAnswering();
		await client.application?.commands.set(
			[command('stats', (builder) => builder.setDefaultMemberPermissions(0n)), command('ping')],
			fake.guildId
		);
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const adminRole = fake.createRole({ name: 'Admins', permissions: PermissionFlagsBits.Administrator });
		const admin = await fake.members.create({ username: 'admin', roles: [adminRole], joined: true });
		expect(alice.canUse('stats').ok).toBe(false);
		expect(admin.canUse('stats').ok).toBe(true);
		fake.setChannelOverwrite(fake.channels.general, { id: fake.everyoneRoleId, type: 0, deny: PermissionFlagsBits.UseApplicationCommands });
		expect(alice.canUse('ping')).toMatchObject({ ok: false, reason: expect.stringContaining('Use Application Commands') });
	});
});
