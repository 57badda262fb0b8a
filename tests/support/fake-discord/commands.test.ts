import { DiscordAPIError, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { fakeFile } from './files.ts';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

const diagnostic = new SlashCommandBuilder()
	.setName('diagnostic')
	.setDescription('Send your system report')
	.addSubcommand((sub) =>
		sub
			.setName('upload')
			.setDescription('Upload a DxDiag file')
			.addAttachmentOption((option) => option.setName('file').setDescription('The file').setRequired(true))
			.addStringOption((option) =>
				option.setName('game').setDescription('Main game').addChoices({ name: 'Valorant', value: 'valorant' }, { name: 'CS2', value: 'cs2' })
			)
	)
	.addSubcommand((sub) => sub.setName('status').setDescription('Where is my diagnostic?'));

const staffOnly = new SlashCommandBuilder().setName('sessions').setDescription('Staff: list sessions').setDefaultMemberPermissions(0x2000n);

describe('fake Discord application commands', () => {
	const discord = useFakeDiscord();

	test('bulk command registration, then a slash invocation with an attachment option the bot reads', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake, (bot) => {
			bot.on('interactionCreate', (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				void (async (command: ChatInputCommandInteraction) => {
					const file = command.options.getAttachment('file', true);
					await command.deferReply();
					const text = await fetch(file.url).then((response) => response.text());
					await command.editReply(
						`got ${file.name} (${file.size} B, ${file.contentType ?? '?'}) for ${command.options.getString('game') ?? 'no game'}: ${text}`
					);
				})(interaction);
			});
		});
		const registered = await client.application?.commands.set([diagnostic.toJSON(), staffOnly.toJSON()], fake.guildId);
		expect(registered?.map((command) => command.name).sort()).toEqual(['diagnostic', 'sessions']);
		expect(fake.commands().find((command) => command.name === 'sessions')?.default_member_permissions).toBe('8192');
		const again = await client.application?.commands.set([diagnostic.toJSON()], fake.guildId);
		expect(again?.first()?.id).toBe(registered?.find((command) => command.name === 'diagnostic')?.id);

		const alice = await fake.members.create({ username: 'alice', joined: true });
		const handle = await alice.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('dxdiag.txt', 'CPU: fast'), game: 'cs2' } });
		expect(handle.payload).toMatchObject({
			type: 2,
			guild_id: fake.guildId,
			locale: 'en-US',
			guild_locale: 'en-US',
			entitlements: [],
			context: 0
		});
		const reply = await handle.message();
		expect(reply.content).toBe('got dxdiag.txt (9 B, text/plain; charset=utf-8) for cs2: CPU: fast');
		await expect(
			alice.slash('diagnostic', { subcommand: 'upload', options: { file: fakeFile('x.txt', 'x'), game: 'fortnite' } })
		).rejects.toThrow(/must be one of "valorant", "cs2"/);
		await expect(alice.slash('diagnostic', { subcommand: 'upload' })).rejects.toThrow(/needs option "file"/);
		await expect(alice.slash('sessions')).rejects.toThrow(/no slash command \/sessions is registered/);
	});

	test('a staff-only command is hidden from members without the permission', async () => {
		const { fake } = discord;
		const client = await connectTestClient(fake, (bot) => {
			bot.on('interactionCreate', (interaction) => {
				if (interaction.isChatInputCommand()) void interaction.reply({ content: 'sessions: none', flags: 64 });
			});
		});
		void client.application?.commands.set([staffOnly.toJSON()]);
		await fake.waitForCommand('sessions');
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const sam = await fake.members.create({ username: 'sam', roles: [fake.staffRoleId], joined: true });
		await expect(alice.slash('sessions')).rejects.toThrow(/alice cannot run \/sessions: .*hidden by default_member_permissions 8192/);
		const handle = await sam.slash('sessions');
		expect((handle.payload.member as { permissions: string }).permissions).not.toBe('0');
		expect((await handle.message()).ephemeral).toBe(true);
	});

	test('a command name with capitals and a 101-character description are rejected at registration', async () => {
		const { fake, client } = await discord.connectClient();
		const error: unknown = await client.application?.commands
			.set([{ name: 'Diagnostic', description: 'd'.repeat(101) }])
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect((error as DiscordAPIError).code).toBe(50035);
		const [violation] = fake.takeViolations();
		expect(violation?.reason).toContain('[0].name: Command name is invalid ("Diagnostic" must be 1-32 lowercase');
		expect(violation?.reason).toContain('[0].description: Must be 100 or fewer in length. (101 characters, limit 100)');
		expect(fake.commands()).toEqual([]);
	});
});
