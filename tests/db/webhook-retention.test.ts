import { describe, expect, test } from 'vitest';
import { runWebhookRetention } from '../../src/bot/features/calendly/webhook-retention.flow.ts';
import { parseEnv } from '../../src/lib/config/env.ts';
import { EXPIRED_BODY, scrubExpiredWebhookBodies } from '../../src/lib/data/webhook-retention.ts';
import { createLogger } from '../../src/lib/log.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';
import { fakeToken } from '../support/env.ts';

/** Raw Calendly bodies are kept only for the retention period, then scrubbed by the scheduled job. */
describe.each(databaseTargets())('webhook body retention on $name', (target) => {
	const database = useMigratedDatabase(target);

	async function event(ageDays: number): Promise<number> {
		const row = await make.webhookEvent(database.db, {
			raw_body: '{"payload":{"email":"kept@example.com"}}',
			outcome: 'unmatched',
			received_at: make.sql`now() - make_interval(days => ${ageDays}::int)`
		});
		return row.id;
	}
	const bodyOf = async (id: number) =>
		(
			await database.db.query<{ raw_body: string; outcome: string; scrubbed: boolean }>(
				'select raw_body, outcome, scrubbed_at is not null as scrubbed from public.webhook_events where id = $1',
				[id]
			)
		)[0]!;

	test('bodies older than the retention period are scrubbed once; newer ones and the delivery records stay', async () => {
		const [old, older, recent] = [await event(31), await event(400), await event(29)];
		expect(await scrubExpiredWebhookBodies(database.db, 30)).toBeGreaterThanOrEqual(2);
		expect(await bodyOf(old)).toEqual({ raw_body: EXPIRED_BODY, outcome: 'unmatched', scrubbed: true });
		expect(await bodyOf(older)).toEqual({ raw_body: EXPIRED_BODY, outcome: 'unmatched', scrubbed: true });
		expect((await bodyOf(recent)).raw_body).toContain('kept@example.com');
		expect(await scrubExpiredWebhookBodies(database.db, 30)).toBe(0);
	});

	test('the period is CALENDLY_RAW_BODY_RETENTION_DAYS (default 30)', async () => {
		const base = { DISCORD_TOKEN: fakeToken() };
		const defaults = parseEnv(base);
		const weekly = parseEnv({ ...base, CALENDLY_RAW_BODY_RETENTION_DAYS: '7' });
		if (!defaults.ok || !weekly.ok) throw new Error('env refused');
		expect(defaults.env.CALENDLY_RAW_BODY_RETENTION_DAYS).toBe(30);
		expect(parseEnv({ ...base, CALENDLY_RAW_BODY_RETENTION_DAYS: '0' }).ok).toBe(false);
		const tenDays = await event(10);
		const log = createLogger('silent');
		expect(await runWebhookRetention(defaults.env, database.db, log)).toBe(0);
		expect(await runWebhookRetention(weekly.env, database.db, log)).toBeGreaterThanOrEqual(1);
		expect((await bodyOf(tenDays)).scrubbed).toBe(true);
	});
});
