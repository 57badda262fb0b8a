import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { runFpsos } from '../support/cli.ts';
import { useFakeDiscord } from '../support/fake-discord/index.ts';

/** `fpsos doctor` logs in as the bot and names, in plain words, each configured channel where it lacks a permission. */
describe('fpsos doctor: Discord permissions', () => {
	const discord = useFakeDiscord();

	const env = () => {
		const { fake } = discord;
		return {
			DISCORD_TOKEN: fake.bot.token,
			DISCORD_API_URL: fake.apiBase,
			DISCORD_GUILD_ID: fake.guildId,
			DISCORD_STAFF_CHANNEL_ID: fake.channels.staff,
			DISCORD_SUPPORT_CHANNEL_ID: fake.channels.support,
			DISCORD_CHAT_CHANNEL_IDS: fake.channels.general,
			FPSOS_DATA_DIR: 'memory://'
		};
	};

	test('with the invite list granted everywhere it says all is well', async () => {
		const result = await runFpsos(['doctor'], env(), { timeoutMs: 120_000 });
		expect(result.stdout).toMatch(/ok {5} {2}Discord permissions: the bot has what it needs in every configured channel of FPSOS Test Guild/);
	}, 150_000);

	test('a permission taken away in a channel is named, with the channel, what it is for and where to fix it', async () => {
		const { fake } = discord;
		fake.setChannelOverwrite(fake.channels.support, { id: fake.botRoleId, type: 0, deny: PermissionFlagsBits.CreatePrivateThreads });
		const result = await runFpsos(['doctor'], env(), { timeoutMs: 120_000 });
		expect(result.code).toBe(1);
		expect(result.stdout).toContain(
			'PROBLEM  Discord permissions: #support (DISCORD_SUPPORT_CHANNEL_ID): the bot lacks Create Private Threads there'
		);
		expect(result.stdout).toContain('Edit Channel > Permissions');
		expect(result.stdout).not.toContain('#general');
	}, 150_000);

	test('a privileged intent switched off in the developer portal is named before `fpsos start` meets it (4014)', async () => {
		discord.fake.setPrivilegedIntents(['MessageContent']);
		const result = await runFpsos(['doctor'], env(), { timeoutMs: 120_000 });
		expect(result.code).toBe(1);
		expect(result.stdout).toContain("PROBLEM  Discord permissions: Discord refused the bot's privileged gateway intents (close code 4014)");
		expect(result.stdout).toContain('Server Members Intent');
	}, 150_000);
});
