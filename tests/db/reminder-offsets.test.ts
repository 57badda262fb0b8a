import { describe, expect, test } from 'vitest';
import { buildCalendlyDelivery } from '../../supabase/functions/_shared/calendly/payload.ts';
import { deliveryBytes, inviteeCreated } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { NOTIFICATION_KINDS } from '../../src/lib/outbox/kinds.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/**
 * The reminders' offsets are the registry's (src/lib/outbox/kinds.ts, which the skip rule in
 * src/lib/booking/reminders.ts reads): calendly_apply_delivery plans reminder_24h and reminder_2h that long before the
 * session, and plans no reminder whose time has already passed.
 */
describe.each(databaseTargets())('reminder offsets on $name', (target) => {
	const database = useMigratedDatabase(target);

	async function reminders(startsInMs: number): Promise<Record<string, number>> {
		const raw = inviteeCreated({ startsAt: new Date(Date.now() + startsInMs) });
		const bytes = deliveryBytes(raw);
		const delivery = await buildCalendlyDelivery(raw, bytes, new Date());
		const [applied] = await database.db.query<{ result: { booking_id: string } }>(
			'select public.calendly_apply_delivery($1::text::jsonb, $2) as result',
			[JSON.stringify(delivery), new TextDecoder().decode(bytes)]
		);
		const rows = await database.db.query<{ kind: string; lead_ms: number }>(
			`select n.kind, (extract(epoch from b.starts_at - n.due_at) * 1000)::float8 as lead_ms
			 from public.notifications n join public.bookings b on b.id = n.booking_id
			 where n.booking_id = $1 and n.kind like 'reminder%'`,
			[applied!.result.booking_id]
		);
		return Object.fromEntries(rows.map((row) => [row.kind, Number(row.lead_ms)]));
	}

	test('a session days ahead gets both reminders, each its registered lead before the start', async () => {
		expect(await reminders(3 * 24 * 3_600_000)).toEqual({
			reminder_24h: NOTIFICATION_KINDS.reminder_24h.leadMs,
			reminder_2h: NOTIFICATION_KINDS.reminder_2h.leadMs
		});
	});

	test('a session between the two leads away gets only the 2 h reminder, at its lead', async () => {
		const between = (NOTIFICATION_KINDS.reminder_24h.leadMs + NOTIFICATION_KINDS.reminder_2h.leadMs) / 2;
		expect(await reminders(between)).toEqual({ reminder_2h: NOTIFICATION_KINDS.reminder_2h.leadMs });
	});
});
