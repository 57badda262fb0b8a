import { describe, expect, test } from 'vitest';
import { createBookingLink } from '../../src/lib/data/booking-links.ts';
import { creditStatement, redeemCredit } from '../../src/lib/data/credits.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import { applyReferralCode, ensureReferralCode, referralSummary } from '../../src/lib/data/referrals.ts';
import { completeSession, markNoShow } from '../../src/lib/data/sessions.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

let counter = 0;
const nextDiscordId = () => `5000000000000${String(++counter).padStart(5, '0')}`;

async function member(db: Db) {
	return upsertMember(db, { discordUserId: nextDiscordId(), username: `player${counter}` });
}

/** A scheduled booking as the webhook writes it, with the referral code it came with (10% off). */
async function booking(db: Db, memberId: string, options: { referralCodeId?: string | null; price?: number } = {}): Promise<string> {
	const price = options.price ?? 399;
	const row = await make.booking(db, {
		member_id: memberId,
		starts_at: make.ago('2 hours'),
		ends_at: make.sql`now()`,
		timezone: 'Asia/Dubai',
		price_aed: price,
		discount_aed: options.referralCodeId ? price * 0.1 : 0,
		referral_code_id: options.referralCodeId ?? null
	});
	return row.id;
}

const codeId = async (db: Db, code: string) =>
	(await db.query<{ id: string }>('select id from public.referral_codes where code = $1', [code]))[0]!.id;
const ledger = (db: Db, memberId: string) =>
	db.query<{ entry_type: string; amount_aed: string; actor: string }>(
		'select entry_type, amount_aed::text as amount_aed, actor from public.credit_ledger where member_id = $1 order by id',
		[memberId]
	);

describe.each(databaseTargets())('referrals and credit on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('a member gets one unambiguous code, the same on every call, even concurrently', async () => {
		const { db } = database;
		const alice = await member(db);
		const codes = await Promise.all([ensureReferralCode(db, alice.id), ensureReferralCode(db, alice.id), ensureReferralCode(db, alice.id)]);
		expect(new Set(codes).size).toBe(1);
		expect(codes[0]).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
	});

	test('a clash with another member’s code is retried with a new code', async () => {
		const { db } = database;
		const [first, second] = [await member(db), await member(db)];
		await ensureReferralCode(db, first.id, () => 'CLASH2');
		const queue = ['CLASH2', 'CLASH2', 'FRESH3'];
		expect(await ensureReferralCode(db, second.id, () => queue.shift()!)).toBe('FRESH3');
	});

	test('the friend’s completed session earns the referrer AED 50 once; the link carried 10% off', async () => {
		const { db } = database;
		const [referrer, friend] = [await member(db), await member(db)];
		const code = await ensureReferralCode(db, referrer.id);
		expect(await applyReferralCode(db, friend.id, ` ${code.toLowerCase()} `)).toMatchObject({ ok: true, code });
		await createBookingLink(db, friend.id, 'full');
		const [link] = await db.query<{ referral_code_id: string }>('select referral_code_id from public.booking_links where member_id = $1', [
			friend.id
		]);
		expect(link!.referral_code_id).toBe(await codeId(db, code));

		const id = await booking(db, friend.id, { referralCodeId: link!.referral_code_id });
		expect(await ledger(db, referrer.id)).toEqual([]);
		await Promise.all([completeSession(db, id, 'staff:1'), completeSession(db, id, 'staff:2')]);
		expect(await ledger(db, referrer.id)).toEqual([{ entry_type: 'earned', amount_aed: '50.00', actor: 'system:referral' }]);
		const [notice] = await db.query<{ kind: string; member_id: string }>(
			`select kind, member_id from public.notifications where kind = 'referral_credit' and member_id = $1`,
			[referrer.id]
		);
		expect(notice).toEqual({ kind: 'referral_credit', member_id: referrer.id });
		expect(await referralSummary(db, referrer.id)).toEqual({ code, friends: 1, rewarded: 1, earnedAed: '50.00' });

		// One reward per referred member: their next completed session earns nothing more.
		await completeSession(db, await booking(db, friend.id, { referralCodeId: link!.referral_code_id }), 'staff:1');
		expect(await ledger(db, referrer.id)).toHaveLength(1);
	});

	test('a code entered in the booking form (no referral applied before) also earns at completion', async () => {
		const { db } = database;
		const [referrer, friend] = [await member(db), await member(db)];
		const code = await ensureReferralCode(db, referrer.id);
		await completeSession(db, await booking(db, friend.id, { referralCodeId: await codeId(db, code) }), 'staff:1');
		expect(await ledger(db, referrer.id)).toEqual([{ entry_type: 'earned', amount_aed: '50.00', actor: 'system:referral' }]);
	});

	test('no self-referral, no second code, no code after a first session, no unknown or malformed codes', async () => {
		const { db } = database;
		const [alice, bob, carol, dave] = [await member(db), await member(db), await member(db), await member(db)];
		const aliceCode = await ensureReferralCode(db, alice.id);
		const bobCode = await ensureReferralCode(db, bob.id);
		expect(await applyReferralCode(db, alice.id, aliceCode)).toEqual({ ok: false, reason: 'own_code' });
		expect((await applyReferralCode(db, carol.id, aliceCode)).ok).toBe(true);
		expect(await applyReferralCode(db, carol.id, bobCode)).toEqual({ ok: false, reason: 'already_referred' });
		await completeSession(db, await booking(db, dave.id), 'staff:1');
		expect(await applyReferralCode(db, dave.id, aliceCode)).toEqual({ ok: false, reason: 'returning_customer' });
		expect(await applyReferralCode(db, dave.id, 'ZZZZZZ')).toEqual({ ok: false, reason: 'unknown_code' });
		expect(await applyReferralCode(db, dave.id, 'O0I1')).toEqual({ ok: false, reason: 'invalid_code' });

		// Even a booking carrying the member's own code (e.g. typed into Calendly) never rewards them.
		const selfBooking = await booking(db, alice.id, { referralCodeId: await codeId(db, aliceCode) });
		await completeSession(db, selfBooking, 'staff:1');
		expect(await ledger(db, alice.id)).toEqual([]);
		await expect(
			make.referral(db, { referral_code_id: await codeId(db, aliceCode), referrer_member_id: alice.id, referred_member_id: alice.id })
		).rejects.toThrow();
	});

	test('a no-show correction reverses the reward once; a refund does too; spent credit is not taken below zero', async () => {
		const { db } = database;
		const [referrer, friendA, friendB] = [await member(db), await member(db), await member(db)];
		const code = await codeId(db, await ensureReferralCode(db, referrer.id));
		const first = await booking(db, friendA.id, { referralCodeId: code });
		const second = await booking(db, friendB.id, { referralCodeId: code });
		await completeSession(db, first, 'staff:1');
		await completeSession(db, second, 'staff:1');
		expect((await creditStatement(db, referrer.id)).balanceAed).toBe('100.00');

		expect((await markNoShow(db, first, 'staff:1')).ok).toBe(true);
		await db.query(`update public.bookings set status = 'completed' where id = $1`, [first]);
		await db.query(`update public.bookings set status = 'no_show' where id = $1`, [first]);
		expect((await creditStatement(db, referrer.id)).balanceAed).toBe('50.00');
		const [reversal] = await db.query<{ status: string }>('select status from public.referrals where booking_id = $1', [first]);
		expect(reversal!.status).toBe('reversed');

		// The referrer spends 30 of the remaining 50 on their own session, then the second friend is refunded.
		const own = await booking(db, referrer.id);
		expect(
			(await redeemCredit(db, { memberId: referrer.id, bookingId: own, amountAed: 30, reason: 'Credit on own session', actor: 'discord:1' }))
				.outcome
		).toBe('redeemed');
		await db.query(`update public.bookings set payment_status = 'refunded' where id = $1`, [second]);
		const entries = await ledger(db, referrer.id);
		expect(entries.map((entry) => `${entry.entry_type} ${entry.amount_aed}`)).toEqual([
			'earned 50.00',
			'earned 50.00',
			'reversed -50.00',
			'redeemed -30.00',
			'reversed -20.00'
		]);
		expect((await creditStatement(db, referrer.id)).balanceAed).toBe('0.00');
		const [note] = await db.query<{ reason: string }>(`select reason from public.credit_ledger where member_id = $1 and amount_aed = -20`, [
			referrer.id
		]);
		expect(note!.reason).toContain('already been redeemed');
	});

	test('redemptions: never below zero, never beyond the price, with a reason and an actor; the ledger is append-only', async () => {
		const { db } = database;
		const [referrer, friend, stranger] = [await member(db), await member(db), await member(db)];
		await completeSession(
			db,
			await booking(db, friend.id, { referralCodeId: await codeId(db, await ensureReferralCode(db, referrer.id)) }),
			'staff:1'
		);
		const cheap = await booking(db, referrer.id, { price: 20 });
		const redeem = (amountAed: number, bookingId = cheap) =>
			redeemCredit(db, { memberId: referrer.id, bookingId, amountAed, reason: 'test', actor: 'discord:9' });

		expect((await redeem(60)).outcome).toBe('insufficient');
		expect((await redeem(25)).outcome).toBe('exceeds_price');
		expect((await redeem(0)).outcome).toBe('invalid_amount');
		expect((await redeem(10, await booking(db, stranger.id))).outcome).toBe('booking_not_found');
		// Two staff at once: the balance is locked, so only what is there is spent.
		const outcomes = await Promise.all([redeem(20), redeem(20, await booking(db, referrer.id))]);
		expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['redeemed', 'redeemed']);
		expect((await redeem(20, await booking(db, referrer.id))).outcome).toBe('insufficient');
		expect((await creditStatement(db, referrer.id)).balanceAed).toBe('10.00');
		const [row] = await db.query<{ credit_applied_aed: string }>('select credit_applied_aed::text from public.bookings where id = $1', [cheap]);
		expect(row!.credit_applied_aed).toBe('20.00');
		await expect(db.query('delete from public.credit_ledger where member_id = $1', [referrer.id])).rejects.toThrow();
		await expect(db.query('update public.credit_ledger set amount_aed = 1000 where member_id = $1', [referrer.id])).rejects.toThrow();
	});

	test('a code from the booking form earns nothing for a returning customer, nor for a refunded or an erased referrer', async () => {
		const { db } = database;
		const [referrer, returning, refunded] = [await member(db), await member(db), await member(db)];
		const code = await codeId(db, await ensureReferralCode(db, referrer.id));
		await completeSession(db, await booking(db, returning.id), 'staff:1');
		await completeSession(db, await booking(db, returning.id, { referralCodeId: code }), 'staff:1');
		const refundedBooking = await booking(db, refunded.id, { referralCodeId: code });
		await db.query(`update public.bookings set payment_status = 'refunded' where id = $1`, [refundedBooking]);
		await completeSession(db, refundedBooking, 'staff:1');
		expect(await ledger(db, referrer.id)).toEqual([]);

		const [erased, friend] = [await member(db), await member(db)];
		const erasedCode = await ensureReferralCode(db, erased.id);
		await db.query(`update public.members set discord_user_id = null, anonymized_at = now() where id = $1`, [erased.id]);
		expect(await applyReferralCode(db, friend.id, erasedCode)).toEqual({ ok: false, reason: 'unknown_code' });
		await completeSession(db, await booking(db, friend.id, { referralCodeId: await codeId(db, erasedCode) }), 'staff:1');
		expect(await ledger(db, erased.id)).toEqual([]);
	});
});
