import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createScratchDatabase } from '../support/databases.ts';
import { useFakeDiscord } from '../support/fake-discord/index.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';
import { startBotProcess, waitUntilHealthy, type BotProcess } from './support/bot-process.ts';

/** `fpsos start` as its own process, exactly as production runs it, logged into the local Discord. */
describe('fpsos start as a process', () => {
	const discord = useFakeDiscord({ scope: 'all' });
	let bot: BotProcess;
	let dropDatabase: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		const baseUrl = postgresUrl();
		const scratch = baseUrl ? await createScratchDatabase(baseUrl) : undefined;
		dropDatabase = scratch?.drop;
		const redis = redisUrl();
		bot = await startBotProcess(discord.fake, { ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...(redis ? { REDIS_URL: redis } : {}) });
		await waitUntilHealthy(bot);
		await discord.fake.waitForCommand('ping');
	}, 90_000);

	afterAll(async () => {
		bot?.kill();
		await dropDatabase?.();
	});

	test('reports readiness: /healthz sees the gateway and the database', async () => {
		const response = await fetch(`${bot.httpUrl}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', checks: { gateway: true, database: true } });
	});

	test('every kind of piece is loaded from the sources: a join (a listener) gets the welcome DM', async () => {
		const bea = await discord.fake.members.create({ username: 'bea' });
		await discord.fake.join(bea);
		expect((await bea.nextDm()).text).toContain('Welcome to FPSOS');
		expect(bot.logs()).toContain('"msg":"Connected to Discord"');
	});

	test('a bot frozen past 3 s misses the interaction deadline, and the fake fails it', async () => {
		const alice = await discord.fake.members.create({ username: 'alice', joined: true });
		bot.child.kill('SIGSTOP');
		const handle = await alice.slash('ping');
		await sleep(3300);
		bot.child.kill('SIGCONT');
		await expect(handle.reply()).rejects.toThrow(/not acknowledged within 3000 ms/);
		const violations = discord.fake.takeViolations();
		expect(violations.map((violation) => violation.kind)).toContain('interaction-deadline');
		// Thawed, the bot answers the next member normally: nothing was left broken.
		const next = await (await alice.slash('ping')).message();
		expect(next.text).toContain('Pong!');
	});

	test('SIGTERM shuts it down cleanly: exit 0 and the gateway closed', async () => {
		bot.child.kill('SIGTERM');
		const code = await Promise.race([bot.exited, sleep(15_000).then(() => 'timeout' as const)]);
		expect(code, bot.logs()).toBe(0);
		await discord.fake.waitFor('the bot to disconnect', () => discord.fake.connectedBots === 0 || undefined);
		expect(bot.logs()).toContain('"msg":"Received SIGTERM, shutting down"');
		expect(bot.logs()).not.toContain(discord.fake.bot.token);
	});
});
