import type { Queryable } from '../data/db.ts';
import type { NotificationKind, PayloadOf } from './kinds.ts';

/**
 * The notifications outbox: Postgres decides what is due and who sends it. A row is claimed with a lease
 * (`claimed_by`, `claimed_until`) by one worker at a time (`for update skip locked`), sent, then marked sent only by
 * the worker holding the claim. A worker that dies mid-send leaves a lease that expires; a retry waits in the lease.
 */
export interface OutboxRow {
	id: string;
	/** Registered: the CHECK on the column lists the registry's kinds (kinds.ts). */
	kind: NotificationKind;
	booking_id: string | null;
	member_id: string | null;
	ticket_id: string | null;
	due_at: Date;
	payload: Record<string, unknown>;
	attempts: number;
}

/** A row whose payload was read with its kind's schema (the union over `K`, so narrowing the kind types the payload). */
export type TypedOutboxRow<K extends NotificationKind = NotificationKind> = K extends NotificationKind
	? Omit<OutboxRow, 'kind' | 'payload'> & { kind: K; payload: PayloadOf<K> }
	: never;

const returning = 'id, kind, booking_id, member_id, ticket_id, due_at, payload, attempts';

/**
 * Claims up to `limit` due rows for `worker`, oldest first; rows claimed by a live lease are skipped. With
 * `graceSeconds`, only rows due (and free) for at least that long: a backstop leaves the rest to the job queue.
 */
export async function claimDue(db: Queryable, worker: string, limit: number, leaseSeconds: number, graceSeconds = 0): Promise<OutboxRow[]> {
	return db.query<OutboxRow & Record<string, unknown>>(
		`update public.notifications n
		 set claimed_by = $1, claimed_until = now() + make_interval(secs => $3), attempts = n.attempts + 1, last_attempt_at = now()
		 where n.id in (
			select id from public.notifications
			where status = 'pending' and due_at <= now() - make_interval(secs => $4)
				and (claimed_until is null or claimed_until < now() - make_interval(secs => $4))
			order by due_at
			limit $2
			for update skip locked
		 )
		 returning ${returning
				.split(', ')
				.map((column) => `n.${column}`)
				.join(', ')}`,
		[worker, limit, leaseSeconds, graceSeconds]
	);
}

/** Claims one row by id if it is due and free (a queued job re-checks the row before sending). */
export async function claimOne(db: Queryable, id: string, worker: string, leaseSeconds: number): Promise<OutboxRow | null> {
	const [row] = await db.query<OutboxRow & Record<string, unknown>>(
		`update public.notifications n
		 set claimed_by = $2, claimed_until = now() + make_interval(secs => $3), attempts = n.attempts + 1, last_attempt_at = now()
		 where n.id = $1 and n.status = 'pending' and n.due_at <= now() and (n.claimed_until is null or n.claimed_until < now())
		 returning ${returning
				.split(', ')
				.map((column) => `n.${column}`)
				.join(', ')}`,
		[id, worker, leaseSeconds]
	);
	return row ?? null;
}

async function finish(db: Queryable, id: string, worker: string, set: string, params: unknown[]): Promise<boolean> {
	const rows = await db.query(`update public.notifications set ${set} where id = $1 and claimed_by = $2 and status = 'pending' returning id`, [
		id,
		worker,
		...params
	]);
	return rows.length === 1;
}

export function markSent(db: Queryable, id: string, worker: string): Promise<boolean> {
	return finish(db, id, worker, `status = 'sent', sent_at = now(), claimed_until = null, last_error = null`, []);
}

/** Keeps the row pending, with the error, until `retryAt` (the lease doubles as the back-off). */
export function markRetry(db: Queryable, id: string, worker: string, error: string, retryAt: Date): Promise<boolean> {
	return finish(db, id, worker, `claimed_until = $4, last_error = $3`, [error.slice(0, 500), retryAt]);
}

/** Nothing to send any more (the moment passed, the booking changed): recorded, not an error. */
export function markSkipped(db: Queryable, id: string, worker: string, reason: string): Promise<boolean> {
	return finish(db, id, worker, `status = 'skipped', claimed_until = null, cancel_reason = $3`, [reason.slice(0, 200)]);
}

/**
 * When the next pending row can be claimed: min() over the expression `notifications_next_wake_idx` holds, so it reads
 * one index entry however many rows are pending (exported so a test can check its plan).
 */
export const nextWakeSql = `select min(greatest(due_at, coalesce(claimed_until, due_at))) as at from public.notifications where status = 'pending'`;

/** When the next pending row falls due (or its lease ends), so the in-process timing can sleep exactly until then. */
export async function nextWakeAt(db: Queryable): Promise<Date | null> {
	const [row] = await db.query<{ at: Date | null }>(nextWakeSql);
	return row?.at ?? null;
}
