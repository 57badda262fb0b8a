import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCalendlyHealthCheck } from '../../src/bot/features/calendly/health.flow.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { createLogger } from '../../src/lib/log.ts';
import { startCalendlyStandin, type CalendlyStandin } from '../support/calendly-standin.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';
import { testEnv } from '../support/env.ts';

const callbackUrl = 'https://fpsos.supabase.co/functions/v1/calendly-webhook';

describe.each(databaseTargets())('daily Calendly subscription check on $name', (target) => {
	let database: TestDatabase;
	let calendly: CalendlyStandin;
	const alerts = async () =>
		database.db.query<{ dedupe_key: string; payload: { reason: string; detail: string } }>(
			`select dedupe_key, payload from public.notifications where kind = 'staff_alert' order by created_at`
		);
	const env = () => testEnv({ CALENDLY_API_TOKEN: calendly.token, CALENDLY_API_URL: calendly.url, CALENDLY_WEBHOOK_URL: callbackUrl });

	beforeAll(async () => {
		database = await target.create();
		await migrate(database.db);
		calendly = await startCalendlyStandin();
	});
	afterAll(async () => {
		await calendly?.close();
		await database?.dispose();
	});

	const organizationList = { status: 503 as const, path: '/webhook_subscriptions', query: { scope: 'organization' } };

	test('a healthy subscription raises nothing, even when a request is rate-limited or fails once on the way', async () => {
		const subscription = calendly.seed({
			callback_url: callbackUrl,
			events: ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted']
		});
		expect(await runCalendlyHealthCheck(env(), database.db, createLogger('silent'))).toBe('healthy');
		calendly.failNext({ status: 429, resetSeconds: 1 }, { status: 502, path: '/webhook_subscriptions' });
		expect(await runCalendlyHealthCheck(env(), database.db, createLogger('silent'))).toBe('healthy');
		expect(await alerts()).toEqual([]);
		calendly.setState(subscription.uri, 'disabled');
	});

	test('a subscription only the organization list would show is not called missing when that list keeps failing', async () => {
		calendly.failNext(organizationList, organizationList, organizationList);
		const now = new Date('2026-11-23T06:00:00Z');
		expect(await runCalendlyHealthCheck(env(), database.db, createLogger('silent'), now)).toBe('alerted');
		const [alert] = await alerts();
		expect(alert!.dedupe_key).toBe('calendly-health:2026-11-23');
		expect(alert!.payload.reason).toBe('calendly_check_failed');
		expect(alert!.payload.detail).toBe(
			`Could not check the subscription for ${callbackUrl}: organization-scope subscriptions: Calendly had a server error during listing webhook subscriptions (503). (3 attempts)`
		);
		await database.db.query(`delete from public.notifications where kind = 'staff_alert'`);
	});

	test('a subscription Calendly disabled alerts staff once per day, however often it is checked', async () => {
		const now = new Date('2026-11-24T06:00:00Z');
		expect(await runCalendlyHealthCheck(env(), database.db, createLogger('silent'), now)).toBe('alerted');
		expect(await runCalendlyHealthCheck(env(), database.db, createLogger('silent'), now)).toBe('alerted');
		const rows = await alerts();
		expect(rows.map((row) => row.dedupe_key)).toEqual(['calendly-health:2026-11-24']);
		expect(rows[0]!.payload).toMatchObject({ reason: 'calendly_subscription_unhealthy', detail: expect.stringMatching(/disabled/i) });
		expect(JSON.stringify(rows[0]!.payload)).not.toMatch(/paid plan|Standard/);
	});
});
