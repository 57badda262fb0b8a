import type { Queryable } from './db.ts';
import { planNotification } from './notifications.ts';

/**
 * Plans a staff alert through the outbox, at most once per `dedupeKey` (e.g. one per kind per day), and wakes the
 * bot. Returns false when that alert was already planned.
 */
export async function planStaffAlert(db: Queryable, dedupeKey: string, payload: Record<string, unknown>): Promise<boolean> {
	return (await planNotification(db, { kind: 'staff_alert', dedupeKey, payload })) !== null;
}

/**
 * Plans a staff alert under `dedupeKey` unless an alert keyed `previousKey` was planned within the last `windowMs`
 * (a window's alert also covers the next window's: a burst across a boundary alerts once). Returns true when this
 * call planned it.
 */
export async function planStaffAlertOutsideWindow(
	db: Queryable,
	alert: { dedupeKey: string; previousKey: string; payload: Record<string, unknown> },
	windowMs: number
): Promise<boolean> {
	const rows = await db.query(
		`select id from (
			select public.plan_notification('staff_alert', now(), p_dedupe_key => $1, p_payload => $2::jsonb) as id
			where not exists (select 1 from public.notifications where dedupe_key = $3 and created_at > now() - make_interval(secs => $4))
		 ) planned where id is not null`,
		[alert.dedupeKey, alert.payload, alert.previousKey, windowMs / 1000]
	);
	return rows.length === 1;
}
