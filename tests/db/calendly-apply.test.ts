import postgres from 'postgres';
import { describe, expect, test } from 'vitest';
import { buildCalendlyDelivery } from '../../supabase/functions/_shared/calendly/payload.ts';
import { deliveryBytes, inviteeCanceled, inviteeCreated, inviteeUriOf, newEventUri } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { AFTER_RESCHEDULE, notificationsOf } from '../support/calendly-db.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/**
 * public.calendly_apply_deliveries (migration 20261207152000_calendly_plans_notifications.sql): several Calendly deliveries in one
 * statement, so one transaction. The webhook handler sends the deliveries that arrive while earlier ones are being
 * written this way (supabase/functions/_shared/calendly/store.ts).
 */
interface ApplyResult {
	webhook_event_id: number;
	outcome: string;
	booking_id: string | null;
	duplicate: boolean;
}

const HOUR = 3600_000;

async function normalised(deliveries: Record<string, unknown>[]): Promise<{ deliveries: string; rawBodies: string[] }> {
	const built = await Promise.all(
		deliveries.map(async (delivery) => {
			const bytes = deliveryBytes(delivery);
			return { delivery: await buildCalendlyDelivery(delivery, bytes, new Date()), rawBody: new TextDecoder().decode(bytes) };
		})
	);
	return { deliveries: JSON.stringify(built.map((entry) => entry.delivery)), rawBodies: built.map((entry) => entry.rawBody) };
}

const applyBatch = 'select public.calendly_apply_deliveries($1::text::jsonb, $2::text[]) as results';

describe.each(databaseTargets())('calendly_apply_deliveries on $name', (target) => {
	const database = useMigratedDatabase(target);

	async function apply(deliveries: Record<string, unknown>[]): Promise<ApplyResult[]> {
		const { deliveries: json, rawBodies } = await normalised(deliveries);
		const [row] = await database.db.query<{ results: ApplyResult[] }>(applyBatch, [json, rawBodies]);
		return row!.results;
	}
	const booking = async (inviteeUri: string) =>
		(
			await database.db.query<{ id: string; status: string; replaces_booking_id: string | null; new_invitee_uri: string | null; tx: string }>(
				'select id, status, replaces_booking_id, new_invitee_uri, xmin::text as tx from public.bookings where calendly_invitee_uri = $1',
				[inviteeUri]
			)
		)[0];
	const notifications = (bookingId: string) => notificationsOf(database.db, bookingId);

	test('one transaction: results in order, a copy in the same batch counted once, a reschedule applied whole', async () => {
		const oldBooking = inviteeCreated();
		const oldUri = inviteeUriOf(oldBooking);
		const [first] = await apply([oldBooking]);
		expect(first).toMatchObject({ duplicate: false, outcome: 'unmatched' });

		const fresh = inviteeCreated();
		const newUri = `${newEventUri()}/invitees/${crypto.randomUUID()}`;
		const cancel = inviteeCanceled({ inviteeUri: oldUri, rescheduled: true, newInvitee: newUri });
		const create = inviteeCreated({ inviteeUri: newUri, oldInvitee: oldUri, startsAt: new Date(Date.now() + 5 * 24 * HOUR) });
		const results = await apply([fresh, cancel, fresh, create]);

		const freshBooking = (await booking(inviteeUriOf(fresh)))!;
		const old = (await booking(oldUri))!;
		const replacement = (await booking(newUri))!;
		expect(results.map(({ outcome, duplicate, booking_id }) => ({ outcome, duplicate, booking_id }))).toEqual([
			{ outcome: 'unmatched', duplicate: false, booking_id: freshBooking.id },
			{ outcome: 'processed', duplicate: false, booking_id: old.id },
			{ outcome: 'unmatched', duplicate: true, booking_id: freshBooking.id },
			{ outcome: 'unmatched', duplicate: false, booking_id: replacement.id }
		]);
		expect(results[2]!.webhook_event_id).toBe(results[0]!.webhook_event_id);
		const [event] = await database.db.query<{ deliveries: number }>('select deliveries from public.webhook_events where id = $1', [
			results[0]!.webhook_event_id
		]);
		expect(event!.deliveries).toBe(2);

		expect(old).toMatchObject({ status: 'rescheduled', new_invitee_uri: newUri });
		expect(replacement).toMatchObject({ status: 'scheduled', replaces_booking_id: old.id });
		expect(await notifications(old.id)).toEqual(AFTER_RESCHEDULE.old);
		expect(await notifications(replacement.id)).toEqual(AFTER_RESCHEDULE.replacement);
		expect(Object.keys(await notifications(freshBooking.id)).sort()).toEqual([
			'booking_confirmation',
			'reminder_24h',
			'reminder_2h',
			'staff_booking_card'
		]);
		expect(new Set([freshBooking.tx, replacement.tx]).size).toBe(1);
	});

	test('a delivery that fails rolls the whole batch back: nothing of it is kept', async () => {
		const good = inviteeCreated();
		const { deliveries, rawBodies } = await normalised([good, inviteeCreated()]);
		const broken = JSON.stringify(
			JSON.parse(deliveries).map((entry: Record<string, unknown>, i: number) => (i === 1 ? { ...entry, kind: 'unknown_kind' } : entry))
		);
		await expect(database.db.query(applyBatch, [broken, rawBodies])).rejects.toMatchObject({ code: '22023' });
		expect(await booking(inviteeUriOf(good))).toBeUndefined();
		const [events] = await database.db.query<{ n: number }>('select count(*)::int as n from public.webhook_events where dedupe_key = $1', [
			JSON.parse(deliveries)[0].dedupe_key
		]);
		expect(events!.n).toBe(0);
	});

	test('raw bodies that do not match the deliveries are refused', async () => {
		const { deliveries, rawBodies } = await normalised([inviteeCreated(), inviteeCreated()]);
		await expect(database.db.query(applyBatch, [deliveries, rawBodies.slice(1)])).rejects.toMatchObject({ code: '22023' });
		const [empty] = await database.db.query<{ results: unknown[] }>(applyBatch, ['[]', []]);
		expect(empty!.results).toEqual([]);
	});

	// PGlite has one connection, so two transactions can never wait on each other there: PostgreSQL only.
	if (target.name === 'postgres') {
		test('batches naming the same invitees in opposite orders do not deadlock', async () => {
			// Without the batch taking all its locks up front in one global order, B (Y then X) would hold Y and wait for X
			// while A (X then Y) holds X and waits for Y: PostgreSQL would abort one of them after deadlock_timeout.
			const eventUri = newEventUri();
			const x = inviteeCreated({ inviteeUri: `${eventUri}/invitees/a-${crypto.randomUUID()}` });
			const y = inviteeCreated({ inviteeUri: `${eventUri}/invitees/b-${crypto.randomUUID()}` });
			const url = database.url!;
			const holder = postgres(url, { max: 1, onnotice: () => undefined });
			const a = postgres(url, { max: 1, onnotice: () => undefined });
			const b = postgres(url, { max: 1, onnotice: () => undefined });
			const waiting = async () =>
				(
					await database.db.query<{ n: number }>(
						`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`
					)
				)[0]!.n;
			const until = async (n: number) => {
				for (let tries = 0; (await waiting()) < n; tries += 1) {
					if (tries > 200) throw new Error(`never saw ${n} waiting batches`);
					await new Promise((resolve) => setTimeout(resolve, 10));
				}
			};
			let release = () => {};
			try {
				const yx = await normalised([y, x]);
				const xy = await normalised([x, y]);
				let locked = () => {};
				const lockTaken = new Promise<void>((resolve) => (locked = resolve));
				const held = holder.begin(async (tx) => {
					await tx`select pg_advisory_xact_lock(hashtextextended(${`calendly:${inviteeUriOf(y)}`}, 0))`;
					locked();
					await new Promise<void>((resolve) => (release = resolve));
				});
				await Promise.race([lockTaken, held]);
				const batchB = b.unsafe(applyBatch, [yx.deliveries, yx.rawBodies]).execute();
				await until(1);
				const batchA = a.unsafe(applyBatch, [xy.deliveries, xy.rawBodies]).execute();
				await until(2);
				release();
				await held;
				const [[resultB], [resultA]] = await Promise.all([batchB, batchA]);
				const results = [...(resultB!.results as ApplyResult[]), ...(resultA!.results as ApplyResult[])];
				expect(results.filter((result) => !result.duplicate)).toHaveLength(2);
				expect(results.filter((result) => result.duplicate)).toHaveLength(2);
				expect((await booking(inviteeUriOf(x)))!.status).toBe('scheduled');
				expect((await booking(inviteeUriOf(y)))!.status).toBe('scheduled');
			} finally {
				release();
				await Promise.all([holder.end(), a.end(), b.end()]);
			}
		});
	}
});
