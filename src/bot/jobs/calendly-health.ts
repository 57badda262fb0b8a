import type { Env } from '../../lib/config/env.ts';
import { planStaffAlert } from '../../lib/data/alerts.ts';
import type { Db } from '../../lib/data/db.ts';
import { createCalendlyClient } from '../../lib/integrations/calendly-api.ts';
import { calendlyCallbackUrl, checkCalendlySubscription } from '../../lib/integrations/calendly/health.ts';
import type { Logger } from '../../lib/log.ts';

const DAY_MS = 24 * 3_600_000;

/** One check: a staff alert (once per day, whichever bot process runs it) when deliveries are not healthy. */
export async function runCalendlyHealthCheck(env: Env, db: Db, log: Logger, now = new Date()): Promise<'healthy' | 'alerted' | 'skipped'> {
	const callbackUrl = calendlyCallbackUrl(env);
	if (!env.CALENDLY_API_TOKEN || !callbackUrl) return 'skipped';
	const client = createCalendlyClient({ token: env.CALENDLY_API_TOKEN, ...(env.CALENDLY_API_URL ? { baseUrl: env.CALENDLY_API_URL } : {}) });
	const check = await checkCalendlySubscription(client, callbackUrl, now);
	if (check.ok && check.assessment.status === 'active') {
		log.info('Calendly webhook subscription is healthy');
		return 'healthy';
	}
	const day = now.toISOString().slice(0, 10);
	const alert = check.ok
		? { reason: 'calendly_subscription_unhealthy', detail: [check.assessment.reason, ...check.notes.map((note) => `(${note}.)`)].join(' '), status: check.assessment.status }
		: { reason: 'calendly_check_failed', detail: check.reason, status: 'unknown' };
	await planStaffAlert(db, `calendly-health:${day}`, alert);
	log.warn('Calendly webhook subscription is not healthy', { status: check.ok ? check.assessment.status : 'unknown' });
	return 'alerted';
}

/** Runs the check shortly after start and then daily; returns a stop function. */
export function scheduleCalendlyHealthCheck(env: Env, db: Db, log: Logger): () => void {
	if (!env.CALENDLY_API_TOKEN || !calendlyCallbackUrl(env)) return () => undefined;
	const run = () => {
		runCalendlyHealthCheck(env, db, log).catch((error: unknown) => log.error('Calendly health check failed', { error }));
	};
	const first = setTimeout(run, 60_000);
	const daily = setInterval(run, DAY_MS);
	first.unref();
	daily.unref();
	return () => {
		clearTimeout(first);
		clearInterval(daily);
	};
}
