import type { Queryable } from './db.ts';

export interface CreditEntry {
	entry_type: 'earned' | 'reversed' | 'redeemed' | 'adjusted';
	amount_aed: string;
	reason: string;
	/** Who made the entry: `discord:<id>` for staff, `system:referral` for the referral triggers. */
	actor: string;
	created_at: Date;
}

export interface CreditStatement {
	balanceAed: string;
	recent: CreditEntry[];
}

/** The member's balance (the ledger's sum) and their latest entries. */
export async function creditStatement(db: Queryable, memberId: string, limit = 5): Promise<CreditStatement> {
	const [balance] = await db.query<{ balance: string }>(
		'select coalesce(sum(amount_aed), 0)::numeric(10, 2)::text as balance from public.credit_ledger where member_id = $1',
		[memberId]
	);
	const recent = await db.query<CreditEntry & Record<string, unknown>>(
		`select entry_type, amount_aed::text as amount_aed, reason, actor, created_at from public.credit_ledger
		 where member_id = $1 order by created_at desc, id desc limit $2`,
		[memberId, limit]
	);
	return { balanceAed: balance!.balance, recent };
}

export type RedeemOutcome = 'redeemed' | 'invalid_amount' | 'booking_not_found' | 'booking_closed' | 'insufficient' | 'exceeds_price';

/** Staff redeem credit against one of the member's unpaid bookings; the database refuses anything below zero. */
export async function redeemCredit(
	db: Queryable,
	input: { memberId: string; bookingId: string; amountAed: number; reason: string; actor: string }
): Promise<{ outcome: RedeemOutcome; balanceAed: string }> {
	const [row] = await db.query<{ r_outcome: RedeemOutcome; r_balance: string }>(
		'select r_outcome, r_balance::numeric(10, 2)::text as r_balance from public.credit_redeem($1, $2, $3, $4, $5)',
		[input.memberId, input.bookingId, input.amountAed.toFixed(2), input.reason, input.actor]
	);
	return { outcome: row!.r_outcome, balanceAed: row!.r_balance };
}

/** The member's unpaid bookings credit can still go to, latest first (for staff to pick from). */
export async function redeemableBookings(
	db: Queryable,
	memberId: string
): Promise<{ id: string; package_name: string | null; starts_at: Date; due_aed: string }[]> {
	return db.query(
		`select b.id, p.name as package_name, b.starts_at, (b.price_aed - b.discount_aed - b.credit_applied_aed)::text as due_aed
		 from public.bookings b left join public.packages p on p.code = b.package_code
		 where b.member_id = $1 and b.status in ('scheduled', 'completed') and b.payment_status = 'unpaid'
			and b.price_aed - b.discount_aed - b.credit_applied_aed > 0
		 order by b.starts_at desc limit 10`,
		[memberId]
	);
}
