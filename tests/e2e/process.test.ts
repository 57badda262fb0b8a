import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fpsosBin } from '../support/cli.ts';
import { createScratchDatabase } from '../support/databases.ts';
import { useFakeDiscord } from '../support/fake-discord/index.ts';
import { freePort } from '../support/ports.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';

/** `fpsos start` as its own process, exactly as production runs it, logged into the local Discord. */
describe('fpsos start as a process', () => {
	const discord = useFakeDiscord({ scope: 'all' });
	let child: ChildProcess;
	let logs = '';
	let healthUrl = '';
	let dropDatabase: (() => Promise<void>) | undefined;
	let exited: Promise<number | null>;

	beforeAll(async () => {
		const fake = discord.fake;
		const port = await freePort();
		healthUrl = `http://127.0.0.1:${port}/healthz`;
		const baseUrl = postgresUrl();
		const scratch = baseUrl ? await createScratchDatabase(baseUrl) : undefined;
		dropDatabase = scratch?.drop;
		const redis = redisUrl();
		child = spawn(process.execPath, [fpsosBin, 'start'], {
			cwd: await mkdtemp(join(tmpdir(), 'fpsos-process-')),
			env: {
				PATH: process.env.PATH ?? '',
				DISCORD_TOKEN: fake.bot.token,
				DISCORD_API_URL: fake.apiBase,
				DISCORD_GUILD_ID: fake.guildId,
				FPSOS_DATA_DIR: await mkdtemp(join(tmpdir(), 'fpsos-data-')),
				HTTP_PORT: String(port),
				FPSOS_LOG_LEVEL: 'info',
				...(scratch ? { DATABASE_URL: scratch.url } : {}),
				...(redis ? { REDIS_URL: redis } : {})
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
		exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
		await fake.waitForBotReady({ timeoutMs: 60_000 }).catch((error: unknown) => {
			throw new Error(`The bot did not connect. Its output:\n${logs}`, { cause: error });
		});
		await fake.waitForCommand('ping');
	}, 90_000);

	afterAll(async () => {
		if (child.exitCode === null) {
			child.kill('SIGCONT');
			child.kill('SIGKILL');
		}
		await dropDatabase?.();
	});

	test('reports readiness: /healthz sees the gateway and the database', async () => {
		const response = await fetch(healthUrl);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', checks: { gateway: true, database: true } });
	});

	test('a bot frozen past 3 s misses the interaction deadline, and the fake fails it', async () => {
		const alice = await discord.fake.members.create({ username: 'alice', joined: true });
		child.kill('SIGSTOP');
		const handle = await alice.slash('ping');
		await sleep(3300);
		child.kill('SIGCONT');
		await expect(handle.reply()).rejects.toThrow(/not acknowledged within 3000 ms/);
		const violations = discord.fake.takeViolations();
		expect(violations.map((violation) => violation.kind)).toContain('interaction-deadline');
		// Thawed, the bot answers the next member normally: nothing was left broken.
		const next = await (await alice.slash('ping')).message();
		expect(next.text).toContain('Pong!');
	});

	test('SIGTERM shuts it down cleanly: exit 0 and the gateway closed', async () => {
		child.kill('SIGTERM');
		const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
		expect(code, logs).toBe(0);
		await discord.fake.waitFor('the bot to disconnect', () => discord.fake.connectedBots === 0 || undefined);
		expect(logs).toContain('"msg":"Received SIGTERM, shutting down"');
		expect(logs).not.toContain(discord.fake.bot.token);
	});
});
