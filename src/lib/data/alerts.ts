import type { Queryable } from './db.ts';
import { planNotification } from './notifications.ts';

/**
 * Plans a staff alert through the outbox, at most once per `dedupeKey` (e.g. one per kind per day), and wakes the
 * bot. Returns false when that alert was already planned.
 */
export async function planStaffAlert(db: Queryable, dedupeKey: string, payload: Record<string, unknown>): Promise<boolean> {
	return (await planNotification(db, { kind: 'staff_alert', dedupeKey, payload })) !== null;
}
