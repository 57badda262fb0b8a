import type { NotificationKind, PayloadOf } from '../outbox/kinds.ts';
import type { Queryable } from './db.ts';

/**
 * The notifications outbox: Postgres decides what is due and who sends it. A row is claimed with a lease
 * (`claimed_by`, `claimed_until`) by one worker at a time (`for update skip locked`), sent, then marked sent only by
 * the worker holding the claim. A worker that dies mid-send leaves a lease that expires; a retry waits in the lease.
 */
export interface OutboxRow {
	id: string;
	/** Registered: the CHECK on the column lists the registry's kinds (src/lib/outbox/kinds.ts). */
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

/*
 * The outbox queries of the job-queue path. Every pick goes through `notifications_due_idx` (due_at, pending rows):
 * a range on due_at up to the horizon, never a scan of the table.
 *
 * A row's "target" is when it can next be claimed: its due time, or the end of its lease when a claim (a delivery
 * in progress, or a retry's back-off) holds it longer.
 */
const target = 'greatest(n.due_at, coalesce(n.claimed_until, n.due_at))';
const msUntil = (at: string) => `greatest(0, ceil(extract(epoch from (${at} - now())) * 1000))::float8`;

export interface PickedRow {
	id: string;
	due_at: Date;
	target_at: Date;
	/** Milliseconds from now (the database's clock) to the target, never negative. */
	delay_ms: number;
	/** It had been queued before: its job is presumed lost. */
	requeued: boolean;
}

export interface PickOptions {
	horizonMs: number;
	limit: number;
	staleMs: number;
}

/** Parameters: horizon ms, limit, stale ms (exported so a test can check its plan). */
export const pickForQueueSql = `with picked as (
	select n.id, n.queued_at from public.notifications n
	where n.status = 'pending' and n.due_at <= now() + make_interval(secs => $1::float8 / 1000)
		and (n.queued_at is null or (
			n.queued_at < now() - make_interval(secs => $3::float8 / 1000)
			and ${target} < now() - make_interval(secs => $3::float8 / 1000)
		))
	order by n.due_at
	limit $2
	for update of n skip locked
)
update public.notifications n set queued_at = now()
from picked
where n.id = picked.id
returning n.id, n.due_at, ${target} as target_at, ${msUntil(target)} as delay_ms, picked.queued_at is not null as requeued`;

/**
 * Marks as queued (queued_at = now()) and returns up to `limit` pending rows due within the horizon that have no job:
 * never queued, or queued more than `staleMs` ago and still pending more than `staleMs` after their target (their job
 * was lost: Redis flushed, or run before the bot could handle it). `skip locked` lets concurrent callers share.
 */
export function pickForQueue(db: Queryable, options: PickOptions): Promise<PickedRow[]> {
	return db.query<PickedRow & Record<string, unknown>>(pickForQueueSql, [options.horizonMs, options.limit, options.staleMs]);
}

/** Undoes `pickForQueue` for rows whose job could not be added, so the next pass picks them again. */
export async function unmarkQueued(db: Queryable, ids: readonly string[]): Promise<void> {
	if (ids.length === 0) return;
	await db.query(`update public.notifications set queued_at = null where id = any($1::uuid[]) and status = 'pending'`, [ids]);
}

export interface RowState {
	status: string;
	due_at: Date;
	target_at: Date;
	/** Milliseconds from now until the row can be claimed (0 when it can be now). */
	wait_ms: number;
	/** A live claim holds it (another worker is delivering it, or a retry's back-off runs). */
	claimed: boolean;
}

/** Where a row stands, for a job that could not claim it. */
export async function rowState(db: Queryable, id: string): Promise<RowState | null> {
	const [row] = await db.query<RowState & Record<string, unknown>>(
		`select n.status, n.due_at, ${target} as target_at, ${msUntil(target)} as wait_ms,
			coalesce(n.claimed_until > now(), false) as claimed
		 from public.notifications n where n.id = $1`,
		[id]
	);
	return row ?? null;
}
