import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { fpsosBin } from '../../support/cli.ts';
import { createScratchDatabase } from '../../support/databases.ts';
import { useFakeDiscord, type FakeDiscord } from '../../support/fake-discord/index.ts';
import { freePort } from '../../support/ports.ts';
import { postgresUrl, redisUrl } from '../../support/services.ts';
import { e2eDiscord } from './network.ts';

/** `fpsos start` as its own process, exactly as production runs it, logged into the fake Discord. */
export interface BotProcess {
	readonly child: ChildProcess;
	readonly httpUrl: string;
	readonly exited: Promise<number | null>;
	logs(): string;
	kill(): void;
}

export async function startBotProcess(fake: FakeDiscord, env: Record<string, string> = {}, bin = fpsosBin): Promise<BotProcess> {
	const port = await freePort();
	let logs = '';
	const child = spawn(process.execPath, [bin, 'start'], {
		cwd: await mkdtemp(join(tmpdir(), 'fpsos-process-')),
		env: {
			PATH: process.env.PATH ?? '',
			DISCORD_TOKEN: fake.bot.token,
			DISCORD_API_URL: fake.apiBase,
			DISCORD_GUILD_ID: fake.guildId,
			FPSOS_DATA_DIR: await mkdtemp(join(tmpdir(), 'fpsos-data-')),
			HTTP_PORT: String(port),
			FPSOS_LOG_LEVEL: 'info',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	return {
		child,
		httpUrl: `http://127.0.0.1:${port}`,
		exited,
		logs: () => logs,
		kill: () => {
			if (child.exitCode === null) {
				child.kill('SIGCONT');
				child.kill('SIGKILL');
			}
		}
	};
}

/** Waits until the process serves /healthz with every check green. */
export async function waitUntilHealthy(bot: BotProcess, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const healthy = await fetch(`${bot.httpUrl}/healthz`).then(
			(response) => response.ok,
			() => false
		);
		if (healthy) return;
		if (bot.child.exitCode !== null) break;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`The bot process did not become healthy. Its output:\n${bot.logs()}`);
}

export interface UseBotProcessOptions {
	/** Extra environment, given the fake (channel ids and so on). */
	env?: (fake: FakeDiscord) => Record<string, string>;
	/** The command to wait for before the tests run (default `ping`). */
	command?: string;
	/** Which `fpsos` to run (default: the sources through tsx). */
	bin?: string;
	/** Use Redis when REDIS_URL is set (default true). */
	redis?: boolean;
}

/**
 * `fpsos start` as its own process for the tests of the enclosing describe: a fresh fake Discord, a scratch database
 * on the real PostgreSQL when DATABASE_URL is set (else the embedded one), Redis when REDIS_URL is set; healthy and
 * with its commands registered before the first test; killed and its database dropped afterwards.
 */
export function useBotProcess(options: UseBotProcessOptions = {}): { readonly fake: FakeDiscord; readonly bot: BotProcess } {
	const discord = useFakeDiscord({ scope: 'all', ...e2eDiscord });
	let bot: BotProcess | undefined;
	let dropDatabase: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		const baseUrl = postgresUrl();
		const scratch = baseUrl ? await createScratchDatabase(baseUrl) : undefined;
		dropDatabase = scratch?.drop;
		const redis = options.redis === false ? undefined : redisUrl();
		bot = await startBotProcess(
			discord.fake,
			{ ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...(redis ? { REDIS_URL: redis } : {}), ...options.env?.(discord.fake) },
			options.bin
		);
		await waitUntilHealthy(bot);
		await discord.fake.waitForCommand(options.command ?? 'ping');
	}, 90_000);

	afterAll(async () => {
		bot?.kill();
		await dropDatabase?.();
	});

	return {
		get fake() {
			return discord.fake;
		},
		get bot() {
			if (!bot) throw new Error('useBotProcess(): the bot only exists inside tests and hooks');
			return bot;
		}
	};
}
