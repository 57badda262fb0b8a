import { OUTBOX_CHANNEL } from '../outbox/channel.ts';
import { parsePayload, type NotificationKind, type PayloadOf } from '../outbox/kinds.ts';
import type { Queryable } from './db.ts';

/** One notification to plan: its kind (from the registry), when, what it is about, and its payload. */
export interface NotificationPlan<K extends NotificationKind> {
	kind: K;
	/** When it falls due (default: now, the transaction's time). */
	dueAt?: Date;
	bookingId?: string | null;
	memberId?: string | null;
	ticketId?: string | null;
	/** Makes the plan idempotent for rows about no booking (a booking's rows are unique per kind). */
	dedupeKey?: string | null;
	payload?: PayloadOf<K>;
}

/**
 * Plans one notification: the row, unless one with the same booking and kind or the same dedupe key exists, and the
 * outbox's wake-up (NOTIFY at commit), both by public.plan_notification, the one way rows enter the outbox (statements
 * that plan rows from a query call that function themselves). The payload is checked against its kind's schema first.
 * Returns the new row's id, or null when it already existed.
 */
export async function planNotification<K extends NotificationKind>(db: Queryable, plan: NotificationPlan<K>): Promise<string | null> {
	const payload = parsePayload(plan.kind, plan.payload ?? {});
	const [row] = await db.query<{ id: string | null }>(
		`select public.plan_notification($1::text, coalesce($2::timestamptz, now()), $3::uuid, $4::uuid, $5::uuid, $6::text, $7::jsonb) as id`,
		[plan.kind, plan.dueAt ?? null, plan.bookingId ?? null, plan.memberId ?? null, plan.ticketId ?? null, plan.dedupeKey ?? null, payload]
	);
	return row?.id ?? null;
}

/** Wakes every outbox runner (at commit, inside a transaction) for rows changed rather than planned: a retry, a re-plan. */
export async function wakeOutbox(db: Queryable, reason: string): Promise<void> {
	await db.query('select pg_notify($1, $2)', [OUTBOX_CHANNEL, reason]);
}
