import { describe, expect, test } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import { completeSession, currentBookingOf, markNoShow } from '../../src/lib/data/sessions.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

async function bookedSession(db: Db, discordUserId: string): Promise<string> {
	const member = await upsertMember(db, { discordUserId });
	const row = await make.booking(db, {
		member_id: member.id,
		starts_at: make.ago('2 hours'),
		ends_at: make.sql`now()`,
		timezone: 'Asia/Dubai',
		price_aed: 399
	});
	await make.notification(db, { kind: 'reminder_24h', booking_id: row.id, member_id: member.id, due_at: make.fromNow('1 day') });
	return row.id;
}

const kinds = (db: Db, bookingId: string) =>
	db.query<{ kind: string; status: string }>('select kind, status from public.notifications where booking_id = $1 order by kind', [bookingId]);

describe.each(databaseTargets())('session lifecycle on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('completing a session plans the three follow-ups and cancels what was pending before it', async () => {
		const id = await bookedSession(database.db, '400000000000000001');
		expect(await currentBookingOf(database.db, '400000000000000001')).toBe(id);
		expect(await completeSession(database.db, id, 'staff:1')).toMatchObject({ ok: true, bookingId: id });
		expect(await kinds(database.db, id)).toEqual([
			{ kind: 'performance_check', status: 'pending' },
			{ kind: 'reminder_24h', status: 'canceled' },
			{ kind: 'reoptimize_offer', status: 'pending' },
			{ kind: 'testimonial_request', status: 'pending' }
		]);
		const [booking] = await database.db.query<{ status: string; completed_by: string }>(
			'select status, completed_by from public.bookings where id = $1',
			[id]
		);
		expect(booking).toEqual({ status: 'completed', completed_by: 'staff:1' });
	});

	test('completing twice, even at once, completes once and plans once', async () => {
		const id = await bookedSession(database.db, '400000000000000002');
		const outcomes = await Promise.all([completeSession(database.db, id, 'a'), completeSession(database.db, id, 'b')]);
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
		expect(outcomes.find((outcome) => !outcome.ok)).toEqual({ ok: false, reason: 'not_scheduled' });
		expect((await kinds(database.db, id)).filter((row) => row.kind === 'testimonial_request')).toHaveLength(1);
	});

	test('a no-show plans a rebook message and no follow-ups', async () => {
		const id = await bookedSession(database.db, '400000000000000003');
		expect((await markNoShow(database.db, id, 'staff:1')).ok).toBe(true);
		expect(await kinds(database.db, id)).toEqual([
			{ kind: 'no_show_rebook', status: 'pending' },
			{ kind: 'reminder_24h', status: 'canceled' }
		]);
	});

	test('an unknown booking is reported, not thrown', async () => {
		expect(await completeSession(database.db, '00000000-0000-0000-0000-000000000000', 'x')).toEqual({ ok: false, reason: 'not_found' });
	});
});
