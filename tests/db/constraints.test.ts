import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

async function member(db: Queryable, discordId: string): Promise<string> {
	return (await make.member(db, { discord_user_id: discordId, username: `user${discordId.slice(-4)}` })).id;
}

async function booking(db: Queryable, memberId: string, invitee: string): Promise<string> {
	const row = await make.booking(db, {
		calendly_invitee_uri: invitee,
		member_id: memberId,
		starts_at: make.fromNow('2 days'),
		ends_at: make.fromNow('2 days 2 hours'),
		price_aed: 399
	});
	return row.id;
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
		const plan = (db: Queryable) => make.notification(db, { kind: 'reminder_24h', booking_id: id, member_id: alice });
		await plan(database.db);
		await expectRefused(database, '23505', plan);
	});

	test('the credit ledger is append-only', async () => {
		await make.credit(database.db, { member_id: alice, entry_type: 'earned', amount_aed: 50, reason: 'test', actor: 'system' });
		await expectRefused(database, 'P0001', (db) => db.query('update public.credit_ledger set amount_aed = 500'));
		await expectRefused(database, 'P0001', (db) => db.query('delete from public.credit_ledger'));
	});

	test('a referral can never reward its own referrer', async () => {
		const code = await make.referralCode(database.db, { member_id: alice, code: 'ABCD2345' });
		await expectRefused(database, '23514', (db) =>
			make.referral(db, { referral_code_id: code.id, referrer_member_id: alice, referred_member_id: alice })
		);
		await make.referral(database.db, { referral_code_id: code.id, referrer_member_id: alice, referred_member_id: bob });
	});

	test('referral codes avoid the ambiguous characters 0, O, 1 and I', async () => {
		await expectRefused(database, '23514', (db) => make.referralCode(db, { member_id: bob, code: 'OIL10' }));
	});

	test('a member has at most one open ticket, and a closed ticket needs a reason', async () => {
		const open = (db: Queryable) => make.ticket(db, { member_id: bob });
		const ticket = await open(database.db);
		await expectRefused(database, '23505', open);
		await expectRefused(database, '23514', (db) => db.query(`update public.support_tickets set status = 'closed' where id = $1`, [ticket.id]));
		await database.db.query(`update public.support_tickets set status = 'closed', close_reason = 'solved' where id = $1`, [ticket.id]);
		await open(database.db);
	});

	test('money is kept exactly, in AED', async () => {
		const [row] = await database.db.query<{ price_aed: string }>(`select price_aed from public.bookings limit 1`);
		expect(row!.price_aed).toBe('399.00');
	});
});
