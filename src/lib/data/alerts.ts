import type { Queryable } from './db.ts';

/**
 * Plans a staff alert through the outbox, at most once per `dedupeKey` (e.g. one per kind per day), and wakes the
 * bot. Returns false when that alert was already planned.
 */
export async function planStaffAlert(db: Queryable, dedupeKey: string, payload: Record<string, unknown>): Promise<boolean> {
	const rows = await db.query(
		`insert into public.notifications (kind, dedupe_key, due_at, payload) values ('staff_alert', $1, now(), $2)
		 on conflict (dedupe_key) do nothing returning id`,
		[dedupeKey, payload]
	);
	if (rows.length === 1) await db.query(`select pg_notify('fpsos_outbox', $1)`, [dedupeKey]);
	return rows.length === 1;
}
