import type { Queryable } from '../data/db.ts';
import { wakeOutbox } from '../data/notifications.ts';
import { listNotificationRows, resetFailedNotifications, type ListFilter, type NotificationSummary } from '../data/outbox.ts';
import { FAILURE_ALERT_WINDOW_MS } from './failure-alert.ts';

/** What staff see of the outbox: failed rows (and whether an alert covers them), and pending rows overdue by more than `overdueMinutes`. */
export function listNotifications(db: Queryable, filter: ListFilter, limit: number, overdueMinutes = 5): Promise<NotificationSummary[]> {
	return listNotificationRows(db, filter, limit, overdueMinutes, FAILURE_ALERT_WINDOW_MS);
}

/** Puts failed notifications back in the queue, due now (one by id, or every failed one), and wakes the runners; returns how many. */
export async function retryNotifications(db: Queryable, target: { id: string } | { allFailed: true }): Promise<number> {
	const count = await resetFailedNotifications(db, target);
	if (count > 0) await wakeOutbox(db, 'retry');
	return count;
}
