import type { Queryable } from '../../src/lib/data/db.ts';

/** Plans `count` staff alerts due `dueInMs` from now (past by default); returns their ids. */
export async function planAlerts(db: Queryable, count: number, dueInMs = -1000): Promise<string[]> {
	const rows = await db.query<{ id: string }>(
		`insert into public.notifications (kind, dedupe_key, due_at)
		 select 'staff_alert', 'test-' || gen_random_uuid(), now() + make_interval(secs => $2::float8 / 1000)
		 from generate_series(1, $1) returning id`,
		[count, dueInMs]
	);
	return rows.map((row) => row.id);
}
