import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handleCalendlyDelivery } from '../../supabase/functions/_shared/calendly/index.ts';
import { signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { runCalendlyHealthCheck } from '../../src/bot/features/calendly/health.flow.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { createLogger } from '../../src/lib/log.ts';
import { startCalendlyStandin, type CalendlyStandin } from '../support/calendly-standin.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';
import { testEnv } from '../support/env.ts';

/** The daily check recovers what Calendly never delivered after an outage, and says so. */
const callbackUrl = 'https://fpsos.supabase.co/functions/v1/calendly-webhook';
const KEY = 'fpsos_test_signing_key_0123456789';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const EVENTS = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'];

describe.each(databaseTargets())('daily check recovery on $name', (target) => {
	let database: TestDatabase;
	let calendly: CalendlyStandin;
	const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
	const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
	const log = createLogger('silent');
	const env = () => testEnv({ CALENDLY_API_TOKEN: calendly.token, CALENDLY_API_URL: calendly.url, CALENDLY_WEBHOOK_URL: callbackUrl });
	const alerts = async () =>
		database.db.query<{ dedupe_key: string; payload: { reason: string; detail: string } }>(
			`select dedupe_key, payload from public.notifications where kind = 'staff_alert' order by created_at`
		);
	const statusOf = async (uri: unknown) =>
		(await database.db.query<{ status: string }>('select status from public.bookings where calendly_invitee_uri = $1', [uri]))[0]?.status;
	const bookings = async () => (await database.db.query<{ n: number }>('select count(*)::int as n from public.bookings'))[0]!.n;

	beforeAll(async () => {
		database = await target.create();
		await migrate(database.db);
		calendly = await startCalendlyStandin();
		const before = calendly.book({ bookedAt: at(-60), startsAt: new Date(start.getTime() + 3 * DAY) });
		const delivery = {
			event: 'invitee.created',
			created_at: at(-60).toISOString(),
			payload: { ...before.invitee, scheduled_event: before.event }
		};
		expect(
			(await handleCalendlyDelivery(await signedDelivery(delivery, KEY, at(-60)), { db: database.db, signingKey: KEY, now: () => at(-60) }))
				.status
		).toBe(200);
	});
	afterAll(async () => {
		await calendly?.close();
		await database?.dispose();
	});

	test('a disabled subscription: the alert says what was recovered, and the booking made meanwhile is written', async () => {
		const subscription = calendly.seed({ callback_url: callbackUrl, events: EVENTS, state: 'disabled' });
		const missed = calendly.book({ bookedAt: at(5), startsAt: new Date(start.getTime() + 2 * DAY) });
		expect(await runCalendlyHealthCheck(env(), database.db, log, at(30))).toBe('alerted');
		expect(await statusOf(missed.invitee.uri)).toBe('scheduled');
		const [alert] = await alerts();
		expect(alert!.payload.reason).toBe('calendly_subscription_unhealthy');
		expect(alert!.payload.detail).toMatch(
			/disabled.*Recovery: Calendly from .*: 1 invitee booked, canceled or marked as no-show in that window\. 1 applied that the bot had never received \(1 booking, 0 cancellations, 0 no-shows\), 0 already known\./s
		);
		calendly.setState(subscription.uri, 'active');
		await database.db.query(`delete from public.notifications where kind = 'staff_alert'`);
	});

	test('healthy again after deliveries failed their signature: what was refused is recovered and staff told once', async () => {
		await database.db.query('select public.calendly_signature_mismatch($1)', [at(40)]);
		await database.db.query(`delete from public.notifications where kind = 'staff_alert'`);
		const refused = calendly.book({ bookedAt: at(41), startsAt: new Date(start.getTime() + 4 * DAY) });
		calendly.cancel(refused.invitee.uri as string, at(42));
		expect(await runCalendlyHealthCheck(env(), database.db, log, at(60))).toBe('healthy');
		expect(await statusOf(refused.invitee.uri)).toBe('canceled');
		expect((await alerts()).map((row) => [row.dedupe_key, row.payload.reason])).toEqual([
			[`calendly-recovered:${at(60).toISOString().slice(0, 10)}`, 'calendly_recovered']
		]);
		const count = await bookings();
		// Covered by that recovery: the next check looks for nothing and says nothing.
		expect(await runCalendlyHealthCheck(env(), database.db, log, at(90))).toBe('healthy');
		expect(await bookings()).toBe(count);
		expect(await alerts()).toHaveLength(1);
	});
});
