import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { runFpsos } from '../support/cli.ts';
import { fakeToken } from '../support/env.ts';

// Each test starts the real `fpsos` in a child process (Node + tsx): seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

/**
 * `fpsos start` as a supervisor restarts it: each run records its login attempt beside the data folder, and a run
 * that follows quick deaths waits first. The "Discord" here rejects every token, so every run dies at login.
 */
describe('fpsos start backs off when earlier starts died quickly', () => {
	let discord: Server;
	let api = '';
	beforeAll(async () => {
		discord = createServer((_request, response) => {
			response.writeHead(401, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ message: '401: Unauthorized', code: 0 }));
		});
		await new Promise<void>((resolve) => discord.listen(0, '127.0.0.1', resolve));
		api = `http://127.0.0.1:${(discord.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => discord.close(() => resolve()));
	});

	const env = (dataDir: string) => ({ DISCORD_TOKEN: fakeToken(), DISCORD_API_URL: api, FPSOS_DATA_DIR: dataDir, HTTP_PORT: '0' });
	const logLines = (stderr: string) =>
		stderr
			.split('\n')
			.filter((line) => line.startsWith('{'))
			.map((line) => JSON.parse(line) as { msg: string; delaySeconds?: number; reason?: string; streak?: number });

	test('a first start goes at once and is recorded', async () => {
		const folder = await mkdtemp(join(tmpdir(), 'fpsos-backoff-'));
		const result = await runFpsos(['start'], env(join(folder, 'pglite')), { timeoutMs: 150_000 });
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('Discord rejected DISCORD_TOKEN');
		expect(logLines(result.stderr).map((line) => line.msg)).not.toContain('Recent starts did not last: waiting before logging in to Discord');
		expect(JSON.parse(await readFile(join(folder, 'pglite.login-history.json'), 'utf8'))).toMatchObject({
			streak: 1,
			attempts: [expect.any(Number)]
		});
	}, 180_000);

	test('after three quick deaths the fourth start waits about 10 s before logging in, and says so', async () => {
		const folder = await mkdtemp(join(tmpdir(), 'fpsos-backoff-'));
		const last = Date.now();
		await writeFile(join(folder, 'pglite.login-history.json'), JSON.stringify({ attempts: [last - 4_000, last - 2_000, last], streak: 3 }));
		const result = await runFpsos(['start'], env(join(folder, 'pglite')), { timeoutMs: 150_000 });
		expect(result.code).toBe(1);
		const waiting = logLines(result.stderr).find((line) => line.msg === 'Recent starts did not last: waiting before logging in to Discord');
		expect(waiting).toMatchObject({ reason: 'crash-loop', streak: 3 });
		expect(waiting!.delaySeconds).toBeGreaterThan(0);
		expect(waiting!.delaySeconds).toBeLessThanOrEqual(10);
		const history = JSON.parse(await readFile(join(folder, 'pglite.login-history.json'), 'utf8')) as { attempts: number[]; streak: number };
		expect(history.streak).toBe(4);
		// The new attempt was made no earlier than 10 s after the previous one.
		expect(history.attempts.at(-1)! - last).toBeGreaterThanOrEqual(10_000);
	}, 180_000);
});
