import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fpsosBin } from '../../support/cli.ts';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { freePort } from '../../support/ports.ts';

/** `fpsos start` as its own process, exactly as production runs it, logged into the fake Discord. */
export interface BotProcess {
	readonly child: ChildProcess;
	readonly httpUrl: string;
	readonly exited: Promise<number | null>;
	logs(): string;
	kill(): void;
}

export async function startBotProcess(fake: FakeDiscord, env: Record<string, string> = {}): Promise<BotProcess> {
	const port = await freePort();
	let logs = '';
	const child = spawn(process.execPath, [fpsosBin, 'start'], {
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
		const healthy = await fetch(`${bot.httpUrl}/healthz`).then((response) => response.ok, () => false);
		if (healthy) return;
		if (bot.child.exitCode !== null) break;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`The bot process did not become healthy. Its output:\n${bot.logs()}`);
}
