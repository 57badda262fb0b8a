import { describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { loadMemberHistory } from '../../src/lib/data/member-history.ts';
import { findBooking, linkBooking, listUnmatchedBookings, listUnpaidBookings, markBookingPaid, memberIdFor } from '../../src/lib/data/staff-tools.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

let counter = 0;
const discordId = () => String(700_000_000_000_000_000n + BigInt((counter += 1)));

async function newMember(db: Queryable): Promise<string> {
	return memberIdFor(db, { discordUserId: discordId(), username: `m${counter}`, displayName: null });
}

async function newBooking(
	db: Queryable,
	values: {
		member?: string | null;
		status?: string;
		name?: string;
		price?: number;
		startsAt?: string;
		referralCodeId?: string;
		discount?: number;
	} = {}
): Promise<string> {
	counter += 1;
	const row = await make.booking(db, {
		member_id: values.member ?? null,
		status: values.status ?? 'scheduled',
		starts_at: values.startsAt ?? new Date(Date.now() + 86_400_000).toISOString(),
		price_aed: values.price ?? 399,
		discount_aed: values.discount ?? 0,
		invitee_name: values.name ?? `Player ${counter}`,
		invitee_email: `player${counter}@fpsos.test`,
		needs_staff_review: !values.member,
		referral_code_id: values.referralCodeId ?? null
	});
	return row.id;
}

describe.each(databaseTargets())('staff tools on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('a booking is found by id or by its 8-character reference; anything else is not a reference', async () => {
		const id = await newBooking(database.db);
		expect(await findBooking(database.db, id)).toMatchObject({ ok: true, booking: { id } });
		expect(await findBooking(database.db, ` ${id.slice(0, 8).toUpperCase()} `)).toMatchObject({ ok: true, booking: { id } });
		expect(await findBooking(database.db, 'friday')).toEqual({ ok: false, reason: 'invalid' });
		expect(await findBooking(database.db, '00000000-0000-4000-8000-000000000000')).toEqual({ ok: false, reason: 'not_found' });
	});

	test('two bookings sharing a reference are ambiguous', async () => {
		const ids = ['abcdef12-0000-4000-8000-000000000001', 'abcdef12-0000-4000-8000-000000000002'];
		for (const id of ids) await make.booking(database.db, { id, package_code: null, starts_at: make.sql`now()`, ends_at: make.sql`now()` });
		expect(await findBooking(database.db, 'abcdef12')).toEqual({ ok: false, reason: 'ambiguous' });
	});

	test('linking happens once, even when two staff link at the same time, and gives the member the planned notifications', async () => {
		const booking = await newBooking(database.db, { member: null });
		await make.notification(database.db, {
			kind: 'booking_confirmation',
			booking_id: booking,
			status: 'skipped',
			cancel_reason: 'booking has no member'
		});
		await make.notification(database.db, { kind: 'reminder_24h', booking_id: booking, due_at: make.fromNow('1 day') });
		const [first, second] = [await newMember(database.db), await newMember(database.db)];
		const outcomes = await Promise.all([linkBooking(database.db, booking, first), linkBooking(database.db, booking, second)]);
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
		expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({ ok: false, reason: 'already_linked' });
		const winner = outcomes[0].ok ? first : second;
		const notifications = await database.db.query<{ kind: string; status: string; member_id: string }>(
			`select kind, status, member_id from public.notifications where booking_id = $1 order by kind`,
			[booking]
		);
		expect(notifications).toEqual([
			{ kind: 'booking_confirmation', status: 'pending', member_id: winner },
			{ kind: 'reminder_24h', status: 'pending', member_id: winner }
		]);
		expect(outcomes.find((outcome) => outcome.ok)).toMatchObject({ confirmationPlanned: true, ownReferralDropped: false });
	});

	test("a past session linked later gets no confirmation; a discount from the member's own referral code is dropped", async () => {
		const member = await newMember(database.db);
		const code = await make.referralCode(database.db, { member_id: member, code: 'MYCDE7' });
		const booking = await newBooking(database.db, { member: null, startsAt: '2026-01-01T10:00:00Z', referralCodeId: code.id, discount: 39.9 });
		await make.notification(database.db, { kind: 'booking_confirmation', booking_id: booking, status: 'skipped' });
		const outcome = await linkBooking(database.db, booking, member);
		expect(outcome).toMatchObject({ ok: true, confirmationPlanned: false, ownReferralDropped: true });
		const [row] = await database.db.query<Record<string, unknown>>('select referral_code_id, discount_aed from public.bookings where id = $1', [
			booking
		]);
		expect(row).toEqual({ referral_code_id: null, discount_aed: '0.00' });
	});

	test('a payment is recorded once, even twice at the same time, never above the price nor on a canceled booking', async () => {
		const booking = await newBooking(database.db, { member: await newMember(database.db), status: 'completed', price: 199 });
		const outcomes = await Promise.all([
			markBookingPaid(database.db, booking, { fils: 19_900, method: 'cash', actor: 'discord:1' }),
			markBookingPaid(database.db, booking, { fils: 10_000, method: 'card', actor: 'discord:2' })
		]);
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
		expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({ reason: 'already_settled' });
		const [row] = await database.db.query<{ paid_aed: string; paid_by: string }>('select paid_aed, paid_by from public.bookings where id = $1', [
			booking
		]);
		expect(['199.00', '100.00']).toContain(row?.paid_aed);

		const other = await newBooking(database.db, { status: 'scheduled', price: 199 });
		expect(await markBookingPaid(database.db, other, { fils: 19_901, method: 'cash', actor: 'x' })).toMatchObject({
			ok: false,
			reason: 'over_price'
		});
		const canceled = await newBooking(database.db, { status: 'canceled' });
		expect(await markBookingPaid(database.db, canceled, { fils: 100, method: 'cash', actor: 'x' })).toMatchObject({
			ok: false,
			reason: 'not_payable'
		});
		const rows = await database.db.query('select 1 from public.bookings where id = any($1::uuid[]) and payment_status <> $2', [
			[other, canceled],
			'unpaid'
		]);
		expect(rows).toHaveLength(0);
	});

	test('autocomplete lists: unmatched bookings by name, e-mail or reference; unpaid sessions nearest first; LIKE wildcards are literal', async () => {
		const zed = await newBooking(database.db, { member: null, name: 'Zed Zebra' });
		const percent = await newBooking(database.db, { member: null, name: '100% Gamer' });
		expect((await listUnmatchedBookings(database.db, 'zebra')).map((row) => row.id)).toEqual([zed]);
		expect((await listUnmatchedBookings(database.db, zed.slice(0, 6))).map((row) => row.id)).toContain(zed);
		expect((await listUnmatchedBookings(database.db, '%')).map((row) => row.id)).toEqual([percent]);
		expect((await listUnmatchedBookings(database.db, '')).length).toBeGreaterThanOrEqual(2);

		const member = await newMember(database.db);
		const soon = await newBooking(database.db, { member, name: 'Unpaid Uma', startsAt: new Date(Date.now() + 3600_000).toISOString() });
		const later = await newBooking(database.db, { member, name: 'Unpaid Uma', startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString() });
		await newBooking(database.db, { member, name: 'Unpaid Uma', status: 'canceled' });
		await newBooking(database.db, {
			member,
			name: 'Unpaid Uma',
			startsAt: new Date(Date.now() - 90 * 86_400_000).toISOString(),
			status: 'completed'
		});
		expect((await listUnpaidBookings(database.db, 'unpaid uma')).map((row) => row.id)).toEqual([soon, later]);
	});

	test("a member's history counts everything and sums the credit ledger", async () => {
		const discordUserId = discordId();
		const member = await memberIdFor(database.db, { discordUserId, username: 'hist', displayName: 'History' });
		expect(await memberIdFor(database.db, { discordUserId, username: 'other', displayName: null })).toBe(member);
		for (let i = 0; i < 7; i++) await newBooking(database.db, { member });
		await make.credit(database.db, { member_id: member, entry_type: 'earned', amount_aed: 50, reason: 'a', actor: 's' });
		await make.credit(database.db, { member_id: member, entry_type: 'earned', amount_aed: 50, reason: 'b', actor: 's' });
		await make.credit(database.db, { member_id: member, entry_type: 'redeemed', amount_aed: -35.5, reason: 'c', actor: 's' });
		const history = await loadMemberHistory(database.db, discordUserId);
		expect(history?.member).toMatchObject({ id: member, username: 'hist', display_name: 'History' });
		expect(history?.bookings.total).toBe(7);
		expect(history?.bookings.latest).toHaveLength(5);
		expect(history?.credit.balanceAed).toBe('64.50');
		expect(history?.tickets).toEqual({ total: 0, open: 0, latest: [] });
		expect(history?.reviews).toEqual({ total: 0, averageRating: null });
		expect(await loadMemberHistory(database.db, discordId())).toBeNull();
	});
});
