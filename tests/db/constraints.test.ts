import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';

async function member(db: Queryable, discordId: string): Promise<string> {
	const [row] = await db.query<{ id: string }>('insert into public.members (discord_user_id, username) values ($1, $2) returning id', [discordId, `user${discordId.slice(-4)}`]);
	return row!.id;
}

async function booking(db: Queryable, memberId: string, invitee: string): Promise<string> {
	const [row] = await db.query<{ id: string }>(
		`insert into public.bookings (calendly_invitee_uri, member_id, package_code, starts_at, ends_at, price_aed)
		 values ($1, $2, 'full', now() + interval '2 days', now() + interval '2 days 2 hours', 399) returning id`,
		[invitee, memberId]
	);
	return row!.id;
}

/** Runs `fn` and expects Postgres to refuse it with the given SQLSTATE; nothing is kept either way. */
async function expectRefused(database: TestDatabase, code: string, fn: (db: Queryable) => Promise<unknown>) {
	const error = await database.db
		.transaction(async (tx) => {
			await fn(tx);
			return null;
		})
		.catch((caught: unknown) => caught);
	expect(error, 'the statement should have been refused').toBeInstanceOf(Error);
	expect((error as { code?: string }).code).toBe(code);
}

describe.each(databaseTargets())('schema rules on $name', (target) => {
	let database: TestDatabase;
	let alice: string;
	let bob: string;

	beforeAll(async () => {
		database = await target.create();
		await migrate(database.db);
		alice = await member(database.db, '100000000000000001');
		bob = await member(database.db, '100000000000000002');
	});
	afterAll(async () => {
		await database?.dispose();
	});

	test('a Calendly invitee is booked once', async () => {
		await booking(database.db, alice, 'https://api.calendly.com/scheduled_events/E1/invitees/I1');
		await expectRefused(database, '23505', (db) => booking(db, alice, 'https://api.calendly.com/scheduled_events/E1/invitees/I1'));
	});

	test('a booking status outside the five states is refused', async () => {
		await expectRefused(database, '23514', (db) => db.query(`update public.bookings set status = 'done'`));
	});

	test('a notification is planned once per booking and kind', async () => {
		const id = await booking(database.db, alice, 'https://api.calendly.com/scheduled_events/E2/invitees/I2');
		const plan = `insert into public.notifications (kind, booking_id, member_id, due_at) values ('reminder_24h', $1, $2, now())`;
		await database.db.query(plan, [id, alice]);
		await expectRefused(database, '23505', (db) => db.query(plan, [id, alice]));
	});

	test('the credit ledger is append-only', async () => {
		await database.db.query(`insert into public.credit_ledger (member_id, entry_type, amount_aed, reason, actor) values ($1, 'earned', 50, 'test', 'system')`, [alice]);
		await expectRefused(database, 'P0001', (db) => db.query('update public.credit_ledger set amount_aed = 500'));
		await expectRefused(database, 'P0001', (db) => db.query('delete from public.credit_ledger'));
	});

	test('a referral can never reward its own referrer', async () => {
		const [code] = await database.db.query<{ id: string }>(`insert into public.referral_codes (member_id, code) values ($1, 'ABCD2345') returning id`, [alice]);
		await expectRefused(database, '23514', (db) => db.query('insert into public.referrals (referral_code_id, referrer_member_id, referred_member_id) values ($1, $2, $2)', [code!.id, alice]));
		await database.db.query('insert into public.referrals (referral_code_id, referrer_member_id, referred_member_id) values ($1, $2, $3)', [code!.id, alice, bob]);
	});

	test('referral codes avoid the ambiguous characters 0, O, 1 and I', async () => {
		await expectRefused(database, '23514', (db) => db.query(`insert into public.referral_codes (member_id, code) values ($1, 'OIL10')`, [bob]));
	});

	test('a member has at most one open ticket, and a closed ticket needs a reason', async () => {
		const open = `insert into public.support_tickets (member_id, topic) values ($1, 'other') returning id`;
		const [ticket] = await database.db.query<{ id: string }>(open, [bob]);
		await expectRefused(database, '23505', (db) => db.query(open, [bob]));
		await expectRefused(database, '23514', (db) => db.query(`update public.support_tickets set status = 'closed' where id = $1`, [ticket!.id]));
		await database.db.query(`update public.support_tickets set status = 'closed', close_reason = 'solved' where id = $1`, [ticket!.id]);
		await database.db.query(open, [bob]);
	});

	test('money is kept exactly, in AED', async () => {
		const [row] = await database.db.query<{ price_aed: string }>(`select price_aed from public.bookings limit 1`);
		expect(row!.price_aed).toBe('399.00');
	});
});
