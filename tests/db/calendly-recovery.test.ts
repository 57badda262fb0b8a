import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handleCalendlyDelivery } from '../../supabase/functions/_shared/calendly/index.ts';
import { signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { createCalendlyClient } from '../../src/lib/integrations/calendly-api.ts';
import { describeRecovery, recoverMissedDeliveries, recoveryWindow, type RecoveryWindow } from '../../src/lib/integrations/calendly/recover.ts';
import { personalLink, readyForDeliveries } from '../support/calendly-db.ts';
import { startCalendlyStandin, type CalendlyStandin } from '../support/calendly-standin.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';

/**
 * `fpsos calendly recover` on the Calendly stand-in and a real database: an outage's bookings, cancellations and
 * no-shows are applied through the webhook's own code, once, whatever arrives or runs after.
 */
const KEY = 'fpsos_test_signing_key_0123456789';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Booked = ReturnType<CalendlyStandin['book']>;

/** The webhook body Calendly sends for a booked invitee (its envelope created_at a moment after the change). */
function webhookOf(event: string, booked: Booked, at: Date) {
	const createdAt = new Date(at.getTime() + 1_000).toISOString().replace('Z', '000Z');
	return {
		event,
		created_at: createdAt,
		created_by: 'https://api.calendly.com/users/fpsos-owner-0001',
		payload: { ...booked.invitee, scheduled_event: booked.event }
	};
}

describe.each(databaseTargets())('recovering missed Calendly deliveries on $name', (target) => {
	let database: TestDatabase;
	let db: Db;
	let calendly: CalendlyStandin;
	let memberId: string;
	const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
	const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
	const now = at(10);
	const booked: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', Booked> = {} as never;
	let window: RecoveryWindow;

	const deliver = async (delivery: unknown, when: Date) =>
		handleCalendlyDelivery(await signedDelivery(delivery, KEY, when), { db, signingKey: KEY, now: () => when });
	const bookingOf = async (key: keyof typeof booked) =>
		(
			await db.query<{ id: string; status: string; member_id: string | null; match_method: string | null }>(
				'select id, status, member_id, match_method from public.bookings where calendly_invitee_uri = $1',
				[booked[key].invitee.uri]
			)
		)[0];
	const notificationsOf = async (key: keyof typeof booked) => {
		const rows = await db.query<{ kind: string; status: string }>(
			'select n.kind, n.status from public.notifications n join public.bookings b on b.id = n.booking_id where b.calendly_invitee_uri = $1 order by n.kind',
			[booked[key].invitee.uri]
		);
		return Object.fromEntries(rows.map((row) => [row.kind, row.status]));
	};
	const snapshot = async () => ({
		bookings: await db.query(
			'select id, calendly_invitee_uri, status, member_id, canceled_at, no_show_at from public.bookings order by calendly_invitee_uri'
		),
		notifications: await db.query('select id, booking_id, kind, status, due_at from public.notifications order by id'),
		claims: await db.query('select id, booking_id, status from public.booking_claims order by id')
	});
	const recover = (chosen: RecoveryWindow) =>
		recoverMissedDeliveries(createCalendlyClient({ token: calendly.token, baseUrl: calendly.url }), db, chosen, { now, trigger: 'command' });

	beforeAll(async () => {
		database = await target.create();
		db = database.db;
		await migrate(db);
		memberId = await readyForDeliveries(db, { discord_user_id: '300000000000000042', username: 'recovered_player' });
		calendly = await startCalendlyStandin({ pageSize: 2 });

		// Before the outage: F (a session that has just taken place), D and A are delivered.
		booked.f = calendly.book({ bookedAt: at(-300), startsAt: at(-120), durationMinutes: 60 });
		expect((await deliver(webhookOf('invitee.created', booked.f, at(-300)), at(-300))).status).toBe(200);
		booked.d = calendly.book({ bookedAt: at(-60), startsAt: new Date(start.getTime() + 3 * DAY) });
		expect((await deliver(webhookOf('invitee.created', booked.d, at(-60)), at(-60))).status).toBe(200);
		booked.a = calendly.book({ bookedAt: at(-30), startsAt: new Date(start.getTime() + 4 * DAY) });
		expect((await deliver(webhookOf('invitee.created', booked.a, at(-30)), at(-30))).status).toBe(200);
		// The outage: A is canceled, E booked (its delivery got through), B booked with a personal link, C booked and
		// canceled, F marked as a no-show; none of that is delivered but E.
		calendly.cancel(booked.a.invitee.uri as string, at(2));
		booked.e = calendly.book({ bookedAt: at(3), startsAt: new Date(start.getTime() + 5 * DAY) });
		expect((await deliver(webhookOf('invitee.created', booked.e, at(3)), at(3))).status).toBe(200);
		const token = await personalLink(db, memberId);
		booked.b = calendly.book({ bookedAt: at(4), startsAt: new Date(start.getTime() + 2 * DAY), token });
		booked.c = calendly.book({ bookedAt: at(5), startsAt: new Date(start.getTime() + 6 * DAY) });
		calendly.cancel(booked.c.invitee.uri as string, at(6));
		calendly.markNoShow(booked.f.invitee.uri as string, at(7));
	});
	afterAll(async () => {
		await calendly?.close();
		await database?.dispose();
	});

	test('the default window starts where the database last heard from Calendly, and ends now', async () => {
		const chosen = await recoveryWindow(db, now);
		if (!chosen.ok) throw new Error(chosen.reason);
		const [last] = await db.query<{ at: Date }>('select max(received_at) as at from public.webhook_events');
		expect(chosen.since.getTime()).toBe(last!.at.getTime() - 5 * MINUTE);
		expect(chosen.until).toEqual(now);
		expect(chosen.basis).toMatch(/^the last delivery received/);
		window = chosen;
	});

	test('an outage is recovered: the booking, both cancellations and the no-show, with the messages a delivery plans; what arrived is known', async () => {
		const result = await recover(window);
		if (!result.ok) throw new Error(result.reason);
		expect(result.report).toMatchObject({ found: 5, applied: 4, known: 1, failed: 0, bookings: 1, cancellations: 2, noShows: 1 });
		expect(describeRecovery(result.report)).toContain(
			'5 invitees booked, canceled or marked as no-show in that window. 4 applied that the bot had never received (1 booking, 2 cancellations, 1 no-show), 1 already known.'
		);
		expect(await bookingOf('b')).toMatchObject({ status: 'scheduled', member_id: memberId, match_method: 'link_token' });
		expect(await notificationsOf('b')).toEqual({
			booking_confirmation: 'pending',
			staff_booking_card: 'pending',
			reminder_24h: 'pending',
			reminder_2h: 'pending'
		});
		expect(await bookingOf('a')).toMatchObject({ status: 'canceled' });
		expect(await notificationsOf('a')).toMatchObject({ booking_canceled: 'pending', reminder_24h: 'canceled', reminder_2h: 'canceled' });
		// Booked and canceled while nobody heard: written canceled, no messages (as when a cancellation arrives first).
		expect(await bookingOf('c')).toMatchObject({ status: 'canceled' });
		expect(await notificationsOf('c')).toEqual({});
		expect(await bookingOf('d')).toMatchObject({ status: 'scheduled' });
		expect(await bookingOf('f')).toMatchObject({ status: 'no_show' });
		const [events] = await db.query<{ n: number }>(
			`select count(*)::int as n from public.webhook_events where raw_body like '%"event": "invitee.%' and raw_body like $1`,
			[`%${String(booked.b.invitee.uri)}%`]
		);
		expect(events!.n).toBe(1);
	});

	test('recovering the same window again changes nothing', async () => {
		const before = await snapshot();
		const result = await recover(window);
		if (!result.ok) throw new Error(result.reason);
		expect(result.report).toMatchObject({ found: 5, applied: 0, known: 5, failed: 0 });
		expect(await snapshot()).toEqual(before);
	});

	test('deliveries arriving after the recovery (Calendly retrying) duplicate no booking and no message', async () => {
		const before = await snapshot();
		for (const [event, key, when] of [
			['invitee.created', 'b', at(4)],
			['invitee.created', 'c', at(5)],
			['invitee.canceled', 'c', at(6)],
			['invitee.canceled', 'a', at(2)],
			['invitee_no_show.created', 'f', at(7)]
		] as const) {
			const result = await deliver(webhookOf(event, booked[key], when), now);
			expect(result).toMatchObject({ status: 200, body: { ok: true } });
		}
		expect(await snapshot()).toEqual(before);
	});

	test('the next default window starts where the last recovery ended', async () => {
		const later = new Date(now.getTime() + 60 * MINUTE);
		const chosen = await recoveryWindow(db, later);
		expect(chosen).toMatchObject({ ok: true, until: later, basis: expect.stringMatching(/^the end of the last recovery/) });
		if (chosen.ok) expect(chosen.since.getTime()).toBe(now.getTime() - 5 * MINUTE);
	});

	test('an invitee the database refuses is counted and named as failed, the others applied; the next run applies it', async () => {
		const later = { since: at(20), until: at(40), basis: 'the window asked for' };
		const refused = calendly.book({ bookedAt: at(25), startsAt: new Date(start.getTime() + 7 * DAY), email: 'refused@fpsos.test' });
		const fine = calendly.book({ bookedAt: at(26), startsAt: new Date(start.getTime() + 8 * DAY) });
		await db.exec(`create function public.test_refuse() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
			create trigger test_refuse before insert on public.bookings for each row when (new.invitee_email = 'refused@fpsos.test')
				execute function public.test_refuse();`);
		const first = await recoverMissedDeliveries(createCalendlyClient({ token: calendly.token, baseUrl: calendly.url }), db, later, {
			now: at(40),
			trigger: 'command'
		});
		await db.exec('drop trigger test_refuse on public.bookings; drop function public.test_refuse();');
		if (!first.ok) throw new Error(first.reason);
		expect(first.report).toMatchObject({ found: 2, applied: 1, failed: 1 });
		expect(describeRecovery(first.report)).toContain(
			'1 could not be applied: the database refused one (P0001). Run this again once the database is reachable.'
		);
		expect(describeRecovery(first.report)).not.toContain('refused@');
		expect((await db.query('select 1 from public.bookings where calendly_invitee_uri = $1', [fine.invitee.uri])).length).toBe(1);
		const second = await recoverMissedDeliveries(createCalendlyClient({ token: calendly.token, baseUrl: calendly.url }), db, later, {
			now: at(40),
			trigger: 'command'
		});
		expect(second).toMatchObject({ ok: true, report: { found: 2, applied: 1, known: 1, failed: 0 } });
		expect((await db.query('select 1 from public.bookings where calendly_invitee_uri = $1', [refused.invitee.uri])).length).toBe(1);
	});
});
