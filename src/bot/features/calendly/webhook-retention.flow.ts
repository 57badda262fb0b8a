import type { Env } from '../../../lib/config/env.ts';
import type { Db } from '../../../lib/data/db.ts';
import { scrubExpiredWebhookBodies } from '../../../lib/data/webhook-retention.ts';
import type { Logger } from '../../../lib/log.ts';
import { repeatInProcess } from '../../../lib/ops/repeat.ts';

/** How often the retention job runs: with Redis as a repeatable scheduled task, without it in-process. */
export const WEBHOOK_RETENTION_INTERVAL_MS = 3_600_000;

/** One run: raw Calendly bodies older than CALENDLY_RAW_BODY_RETENTION_DAYS are scrubbed. */
export async function runWebhookRetention(env: Env, db: Db, log: Logger, now = new Date()): Promise<number> {
	const scrubbed = await scrubExpiredWebhookBodies(db, env.CALENDLY_RAW_BODY_RETENTION_DAYS, now);
	if (scrubbed > 0) log.info('Expired webhook bodies scrubbed', { scrubbed, retentionDays: env.CALENDLY_RAW_BODY_RETENTION_DAYS });
	return scrubbed;
}

/**
 * Without Redis (no scheduled-tasks queue): runs the job shortly after start and then hourly in this process; returns a
 * stop function. With Redis, src/scheduled-tasks/scrub-webhook-bodies.ts runs it once per interval for all processes.
 */
export function scheduleWebhookRetention(env: Env, db: Db, log: Logger): () => void {
	return repeatInProcess(() => runWebhookRetention(env, db, log), {
		firstAfterMs: 30_000,
		everyMs: WEBHOOK_RETENTION_INTERVAL_MS,
		log,
		failure: 'Webhook retention job failed'
	});
}
