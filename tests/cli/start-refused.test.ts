import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runFpsos } from '../support/cli.ts';
import { useFakeDiscord } from '../support/fake-discord/index.ts';

/**
 * `fpsos start` against a Discord that refuses the gateway session: discord.js v14 rejects login() with a plain Error
 * for a gateway close (no `code`), and the owner must still be told, in plain words, which switch or token to fix.
 */
describe('fpsos start when Discord refuses the gateway session', () => {
	const discord = useFakeDiscord();

	const start = async () => {
		const { fake } = discord;
		const folder = await mkdtemp(join(tmpdir(), 'fpsos-refused-'));
		return runFpsos(
			['start'],
			{
				DISCORD_TOKEN: fake.bot.token,
				DISCORD_API_URL: fake.apiBase,
				DISCORD_GUILD_ID: fake.guildId,
				FPSOS_DATA_DIR: join(folder, 'pglite'),
				HTTP_PORT: '0',
				FPSOS_LOG_LEVEL: 'silent'
			},
			{ timeoutMs: 120_000 }
		);
	};

	test('4014 (Server Members Intent not enabled for the application) names the developer portal switches to turn on', async () => {
		discord.fake.setPrivilegedIntents(['MessageContent']);
		const result = await start();
		expect(result.code).toBe(1);
		expect(discord.fake.transcript()).toContain('close 4014');
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('Privileged Gateway Intents');
		expect(lines[0]).toContain('Server Members Intent');
		expect(lines[0]).toContain('Message Content Intent');
		expect(result.stderr).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
	}, 150_000);

	test('4004 (authentication failed at the gateway) says to reset the token', async () => {
		discord.fake.closeNextIdentify(4004);
		const result = await start();
		expect(result.code).toBe(1);
		expect(result.stderr.trim()).toContain('Discord rejected DISCORD_TOKEN (close code 4004)');
		expect(result.stderr).toContain('Reset Token');
	}, 150_000);

	test('a running bot whose token is reset (Discord closes its session with 4004) says so and exits 1, not a silent "ready" bot', async () => {
		const { fake } = discord;
		const running = start();
		// The child process migrates its embedded database first: slow on a busy machine.
		await fake.waitForBotReady({ timeoutMs: 90_000 });
		await fake.waitFor('the bot connected', () => fake.connectedBots === 1, { timeoutMs: 10_000 });
		fake.dropGatewayConnection(4004);
		const result = await running;
		expect(result.code).toBe(1);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toContain('Discord rejected DISCORD_TOKEN (close code 4004)');
		expect(result.stderr).toContain('Reset Token');
	}, 150_000);
});
