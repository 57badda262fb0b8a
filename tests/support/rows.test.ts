import { describe, expect, test } from 'vitest';
import { databaseTargets, useMigratedDatabase } from './databases.ts';
import * as make from './rows.ts';

describe.each(databaseTargets())('test row factories on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('each factory writes a row the schema accepts, with its parents made when none are given', async () => {
		const { db } = database;
		const member = await make.member(db);
		expect(member.discord_user_id).toMatch(/^\d{17,20}$/);
		const booking = await make.booking(db, { member_id: member.id });
		expect(booking).toMatchObject({ member_id: member.id, package_code: 'full', status: 'scheduled' });
		expect((booking.ends_at as Date).getTime() - (booking.starts_at as Date).getTime()).toBe(3_600_000);
		const made = {
			diagnostic: await make.diagnostic(db),
			quickAssessment: await make.quickAssessment(db),
			bookingLink: await make.bookingLink(db),
			bookingClaim: await make.bookingClaim(db),
			webhookEvent: await make.webhookEvent(db),
			notification: await make.notification(db),
			bookingNotification: await make.notification(db, { kind: 'reminder_24h', booking_id: booking.id }),
			ticket: await make.ticket(db),
			testimonial: await make.testimonial(db),
			capture: await make.capture(db),
			referralCode: await make.referralCode(db),
			referral: await make.referral(db),
			credit: await make.credit(db)
		};
		for (const row of Object.values(made)) expect(row.id).toBeDefined();
		const [counts] = await db.query<Record<string, number>>(
			`select (select count(*)::int from public.members) as members, (select count(*)::int from public.bookings) as bookings`
		);
		// Made here: 1 + diagnostic, quick assessment, link, claim, ticket, testimonial, capture, code, credit (1 each),
		// referral (2); bookings: 1 + claim's + testimonial's.
		expect(counts).toEqual({ members: 12, bookings: 3 });
	});

	test('overrides win, and the rules the schema checks across columns are met by the defaults', async () => {
		const { db } = database;
		const anonymized = await make.member(db, { anonymized_at: new Date() });
		expect(anonymized).toMatchObject({ discord_user_id: null, username: null });
		const sent = await make.notification(db, { status: 'sent', due_at: make.ago('1 hour') });
		expect(sent.sent_at).toEqual(sent.due_at);
		expect(await make.ticket(db, { status: 'closed' })).toMatchObject({ status: 'closed', close_reason: 'solved' });
		expect(await make.bookingClaim(db, { status: 'declined' })).toMatchObject({ status: 'declined', decided_at: expect.any(Date) });
		const code = await make.referralCode(db);
		expect(code.code).toMatch(/^[A-HJ-NP-Z2-9]{4,12}$/);
		expect(await make.referral(db, { referral_code_id: code.id })).toMatchObject({ referrer_member_id: code.member_id });
		expect(await make.credit(db, { entry_type: 'redeemed', amount_aed: -5 })).toMatchObject({ amount_aed: '-5.00' });
		const late = await make.booking(db, { starts_at: make.fromNow('3 days'), price_aed: 399, status: 'canceled' });
		expect(late).toMatchObject({ price_aed: '399.00', status: 'canceled' });
		expect((late.starts_at as Date).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
	});

	test("each factory's columns are its table's, all but updated_at and generated identities: a new column fails here", async () => {
		for (const [table, listed] of Object.entries(make.columns)) {
			const actual = await database.db.query<{ name: string }>(
				`select column_name as name from information_schema.columns
				 where table_schema = 'public' and table_name = $1 and column_name <> 'updated_at' and is_identity = 'NO'
				 order by ordinal_position`,
				[table]
			);
			expect([...listed].sort(), table).toEqual(actual.map((column) => column.name).sort());
		}
	});

	test('an override the schema refuses is refused, not quietly replaced', async () => {
		await expect(make.booking(database.db, { status: 'lost' })).rejects.toMatchObject({ code: '23514' });
	});
});
