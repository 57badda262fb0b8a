import { describe, expect, test } from 'vitest';
import { planStaffAlert } from '../../src/lib/data/alerts.ts';
import { useBot } from '../e2e/support/bot.ts';
import { redisUrl } from '../support/services.ts';

describe.runIf(redisUrl())('the production bot with REDIS_URL', () => {
	const ctx = useBot();

	test('a notification planned with a wake-up is delivered by its BullMQ job, once, within 10 s', async () => {
		const started = Date.now();
		expect(
			await planStaffAlert(ctx.bot.db, `queue-test-${started}`, {
				reason: 'calendly_subscription_unhealthy',
				detail: 'test',
				status: 'disabled'
			})
		).toBe(true);
		// Due now, so its job runs at once; under a loaded CI a few seconds may pass, hence the wait's 10 s. The runner's
		// backstop sweep takes only rows overdue by a minute, so within 10 s only the row's job (queued_at) could send it.
		const message = await ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff }, { timeoutMs: 10_000 });
		expect(message).toBeDefined();
		let row: { status: string; claimed_by: string; queued_at: Date | null } | undefined;
		for (let tries = 0; row?.status !== 'sent' && tries < 100; tries += 1) {
			await new Promise((resolve) => setTimeout(resolve, 50));
			[row] = await ctx.bot.db.query<{ status: string; claimed_by: string; queued_at: Date | null }>(
				`select status, claimed_by, queued_at from public.notifications where dedupe_key = $1`,
				[`queue-test-${started}`]
			);
		}
		// Claimed with the process's one worker id, the same its backstop sweep claims with.
		expect(row!.claimed_by).toBe(ctx.bot.outbox.workerId);
		expect(row!.queued_at).toBeInstanceOf(Date);
		await expect(ctx.fake.waitForMessage({ channelId: ctx.fake.channels.staff }, { timeoutMs: 1_500 })).rejects.toThrow();
	});
});
