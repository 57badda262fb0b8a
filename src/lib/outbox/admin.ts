import type { Queryable } from '../data/db.ts';
import { wakeOutbox } from '../data/notifications.ts';
import { alertedSql, FAILURE_ALERT_WINDOW_MS } from './failure-alert.ts';

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

export async function listNotifications(db: Queryable, filter: ListFilter, limit: number, overdueMinutes = 5): Promise<NotificationSummary[]> {
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
		[limit, overdueMinutes, FAILURE_ALERT_WINDOW_MS]
	);
}

/** Puts failed notifications back in the queue, due now (one by id, or every failed one); returns how many. */
export async function retryNotifications(db: Queryable, target: { id: string } | { allFailed: true }): Promise<number> {
	const byId = 'id' in target;
	const rows = await db.query(
		`update public.notifications
		 set status = 'pending', due_at = least(due_at, now()), claimed_by = null, claimed_until = null, queued_at = null, last_error = null
		 where status = 'failed' and ($1::uuid is null or id = $1::uuid)
		 returning id`,
		[byId ? target.id : null]
	);
	if (rows.length > 0) await wakeOutbox(db, 'retry');
	return rows.length;
}
