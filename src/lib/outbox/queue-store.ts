import type { Queryable } from '../data/db.ts';

/**
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
