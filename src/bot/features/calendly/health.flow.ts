import type { Env } from '../../../lib/config/env.ts';
import { planStaffAlert } from '../../../lib/data/alerts.ts';
import { deliveryFacts } from '../../../lib/data/calendly-recovery.ts';
import type { Db } from '../../../lib/data/db.ts';
import { createCalendlyClient, type CalendlyClient } from '../../../lib/integrations/calendly-api.ts';
import { calendlyCallbackUrl, checkCalendlySubscription } from '../../../lib/integrations/calendly/health.ts';
import { describeRecovery, recoverMissedDeliveries, recoveryWindow } from '../../../lib/integrations/calendly/recover.ts';
import type { Logger } from '../../../lib/log.ts';
import { repeatInProcess } from '../../../lib/ops/repeat.ts';

const DAY_MS = 24 * 3_600_000;

interface Recovery {
	summary: string;
	applied: number;
}

/**
 * After an outage (the subscription not healthy, or deliveries refused for their signature or unreadable since the
 * last recovery), applies what Calendly never delivered, from where the database last knew of it. Null when there was
 * nothing to look for.
 */
async function recoverAfterOutage(client: CalendlyClient, db: Db, log: Logger, now: Date, unhealthy: boolean): Promise<Recovery | null> {
	if (!unhealthy && (await deliveryFacts(db)).firstFailure === null) return null;
	const window = await recoveryWindow(db, now);
	if (!window.ok) {
		log.info('Calendly recovery skipped', { reason: window.reason });
		return null;
	}
	const result = await recoverMissedDeliveries(client, db, window, { now, trigger: 'daily_check', log });
	if (!result.ok)
		return { summary: `Missed bookings could not be recovered: ${result.reason} Run \`npx fpsos calendly recover\` once it works.`, applied: 0 };
	log.info('Calendly recovery done', {
		found: result.report.found,
		applied: result.report.applied,
		known: result.report.known,
		failed: result.report.failed
	});
	return { summary: `Recovery: ${describeRecovery(result.report)}`, applied: result.report.applied };
}

/**
 * One check: a staff alert (once per day, whichever bot process runs it) when deliveries are not healthy. After an
 * outage it also recovers what Calendly never delivered and says so (in that alert, or in one of its own when
 * deliveries are healthy again and something was applied).
 */
export async function runCalendlyHealthCheck(env: Env, db: Db, log: Logger, now = new Date()): Promise<'healthy' | 'alerted' | 'skipped'> {
	const callbackUrl = calendlyCallbackUrl(env);
	if (!env.CALENDLY_API_TOKEN || !callbackUrl) return 'skipped';
	const client = createCalendlyClient({ token: env.CALENDLY_API_TOKEN, ...(env.CALENDLY_API_URL ? { baseUrl: env.CALENDLY_API_URL } : {}) });
	const check = await checkCalendlySubscription(client, callbackUrl, now);
	const healthy = check.ok && check.assessment.status === 'active';
	const recovery = await recoverAfterOutage(client, db, log, now, !healthy);
	const day = now.toISOString().slice(0, 10);
	if (healthy) {
		log.info('Calendly webhook subscription is healthy');
		if (recovery && recovery.applied > 0)
			await planStaffAlert(db, `calendly-recovered:${day}`, { reason: 'calendly_recovered', detail: recovery.summary });
		return 'healthy';
	}
	const alert = check.ok
		? {
				reason: 'calendly_subscription_unhealthy',
				detail: [check.assessment.reason, ...check.notes.map((note) => `(${note}.)`), ...(recovery ? [recovery.summary] : [])].join(' '),
				status: check.assessment.status
			}
		: { reason: 'calendly_check_failed', detail: [check.reason, ...(recovery ? [recovery.summary] : [])].join(' '), status: 'unknown' };
	await planStaffAlert(db, `calendly-health:${day}`, alert);
	log.warn('Calendly webhook subscription is not healthy', { status: check.ok ? check.assessment.status : 'unknown' });
	return 'alerted';
}

/** Runs the check shortly after start and then daily; returns a stop function. */
export function scheduleCalendlyHealthCheck(env: Env, db: Db, log: Logger): () => void {
	if (!env.CALENDLY_API_TOKEN || !calendlyCallbackUrl(env)) return () => undefined;
	return repeatInProcess(() => runCalendlyHealthCheck(env, db, log), {
		firstAfterMs: 60_000,
		everyMs: DAY_MS,
		log,
		failure: 'Calendly health check failed'
	});
}
