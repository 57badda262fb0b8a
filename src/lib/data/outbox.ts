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

/*
 * A failure for good, and what staff see of the outbox. The staff alert a failure plans is deduplicated by the key
 * `failed:<kind>:<window number>` (the window's number from the database's clock): the statement that plans it and
 * the listing that tells which failed rows an alert covers (`alertedSql`) read the same key.
 */

/** What recording a failure for good came to. */
export interface FailedOutcome {
	/** This worker held the claim and recorded the failure. */
	failed: boolean;
	/** The staff alert this failure planned (null: one of its kind went out within the window, or it was an alert). */
	alertKey: string | null;
}

/** The failure to record and the alert to plan: the error (stored, never put in the alert), the window, advice and code. */
export interface FailureRecord {
	error: string;
	windowMs: number;
	advice: string;
	/** `Discord <status> <code>`, or null when the error is not Discord's. */
	code: string | null;
}

/**
 * Marks a claimed row failed and plans its kind's staff alert (unless one went out in this window or the one before)
 * in one statement: either both happen or neither. Only the worker holding the claim records it.
 */
export async function markFailedPlanningAlert(db: Queryable, row: { id: string; worker: string }, failure: FailureRecord): Promise<FailedOutcome> {
	const [result] = await db.query<{ failed: number; alert_key: string | null }>(
		`with failed as (
			update public.notifications
			set status = 'failed', claimed_until = null, last_error = $3, updated_at = now()
			where id = $1 and claimed_by = $2 and status = 'pending'
			returning id, kind, attempts
		), slot as (
			select f.id, f.kind, f.attempts, floor(extract(epoch from now()) * 1000 / $4::float8)::bigint as n
			from failed f where f.kind <> 'staff_alert'
		), alert as (
			select s.key, public.plan_notification('staff_alert', now(), p_dedupe_key => s.key, p_payload =>
				jsonb_build_object('reason', 'notification_failed', 'kind', s.kind, 'notification', s.id, 'attempts', s.attempts,
					'advice', $5::text, 'code', $6::text, 'minutes', round($4::numeric / 60000))) as id
			from (select slot.*, 'failed:' || slot.kind || ':' || slot.n as key from slot) s
			where not exists (
				select 1 from public.notifications p
				where p.dedupe_key = 'failed:' || s.kind || ':' || (s.n - 1) and p.created_at > now() - make_interval(secs => $4::float8 / 1000)
			)
		)
		select (select count(*) from failed)::int as failed, (select key from alert where id is not null) as alert_key`,
		[row.id, row.worker, failure.error.slice(0, 500), failure.windowMs, failure.advice, failure.code]
	);
	return { failed: (result?.failed ?? 0) === 1, alertKey: result?.alert_key ?? null };
}

/**
 * SQL for "a failure alert covers this failed row" (alias `n`; failed rows keep `updated_at` from the failing
 * statement): an alert of its kind in the window it failed in, or the one before (which suppressed it).
 * `windowParam` is the placeholder of the window in ms. Reads the unique index on dedupe_key.
 */
function alertedSql(windowParam: string): string {
	const n = `floor(extract(epoch from n.updated_at) * 1000 / ${windowParam}::float8)::bigint`;
	return `(n.status = 'failed' and n.kind <> 'staff_alert' and exists (
		select 1 from public.notifications a
		where a.dedupe_key in ('failed:' || n.kind || ':' || ${n}, 'failed:' || n.kind || ':' || (${n} - 1))
	))`;
}

/** What staff see of the outbox: failed rows, and pending rows overdue by more than `overdueMinutes` (stuck). */
export interface NotificationSummary {
	id: string;
	kind: string;
	status: string;
	due_at: Date;
	attempts: number;
	last_error: string | null;
	booking_id: string | null;
	overdue: boolean;
	/** A failed row that a staff alert covers (its own, or the one of its kind sent earlier in the window). */
	alerted: boolean;
}

export type ListFilter = 'problems' | 'pending' | 'failed' | 'all';

/** The newest rows the filter selects; `alertWindowMs` is the failure alerts' window (for `alerted`). */
export async function listNotificationRows(
	db: Queryable,
	filter: ListFilter,
	limit: number,
	overdueMinutes: number,
	alertWindowMs: number
): Promise<NotificationSummary[]> {
	const where = {
		problems: `status = 'failed' or (status = 'pending' and due_at < now() - make_interval(mins => $2))`,
		pending: `status = 'pending'`,
		failed: `status = 'failed'`,
		all: 'true'
	}[filter];
	return db.query<NotificationSummary & Record<string, unknown>>(
		`select id, kind, status, due_at, attempts, last_error, booking_id,
			(status = 'pending' and due_at < now() - make_interval(mins => $2)) as overdue,
			${alertedSql('$3')} as alerted
		 from public.notifications n where ${where} order by due_at desc limit $1`,
		[limit, overdueMinutes, alertWindowMs]
	);
}

/** Puts failed rows back to pending, due now and free (one by id, or every failed one); returns how many. */
export async function resetFailedNotifications(db: Queryable, target: { id: string } | { allFailed: true }): Promise<number> {
	const rows = await db.query(
		`update public.notifications
		 set status = 'pending', due_at = least(due_at, now()), claimed_by = null, claimed_until = null, queued_at = null, last_error = null
		 where status = 'failed' and ($1::uuid is null or id = $1::uuid)
		 returning id`,
		['id' in target ? target.id : null]
	);
	return rows.length;
}
