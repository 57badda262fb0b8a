import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { redisUrl } from '../support/services.ts';
import { useBotProcess } from './support/bot-process.ts';

/** `fpsos start` as its own process, exactly as production runs it, logged into the local Discord. */
describe('fpsos start as a process', () => {
	const ctx = useBotProcess();

	test('reports readiness: /healthz sees the gateway and the database', async () => {
		const response = await fetch(`${ctx.bot.httpUrl}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', checks: { gateway: true, database: true, ...(redisUrl() ? { redis: true } : {}) } });
	});

	test('every kind of piece is loaded from the sources: a join (a listener) gets the welcome DM', async () => {
		const bea = await ctx.fake.members.create({ username: 'bea' });
		await ctx.fake.join(bea);
		expect((await bea.nextDm()).text).toContain('Welcome to FPSOS');
		expect(ctx.bot.logs()).toContain('"msg":"Connected to Discord"');
	});

	test('a bot frozen past 3 s misses the interaction deadline, and the fake fails it', async () => {
		const alice = await ctx.fake.members.create({ username: 'alice', joined: true });
		ctx.bot.child.kill('SIGSTOP');
		const handle = await alice.slash('ping');
		await sleep(3300);
		ctx.bot.child.kill('SIGCONT');
		await expect(handle.reply()).rejects.toThrow(/not acknowledged within 3000 ms/);
		const violations = ctx.fake.takeViolations();
		expect(violations.map((violation) => violation.kind)).toContain('interaction-deadline');
		// Thawed, the bot answers the next member normally: nothing was left broken.
		const next = await (await alice.slash('ping')).message();
		expect(next.text).toContain('Pong!');
	});

	test('SIGTERM shuts it down cleanly: exit 0 and the gateway closed', async () => {
		ctx.bot.child.kill('SIGTERM');
		const code = await Promise.race([ctx.bot.exited, sleep(15_000).then(() => 'timeout' as const)]);
		expect(code, ctx.bot.logs()).toBe(0);
		await ctx.fake.waitFor('the bot to disconnect', () => ctx.fake.connectedBots === 0 || undefined);
		expect(ctx.bot.logs()).toContain('"msg":"Received SIGTERM, shutting down"');
		expect(ctx.bot.logs()).not.toContain(ctx.fake.bot.token);
	});
});
