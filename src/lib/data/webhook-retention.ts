import type { Queryable } from './db.ts';

/** What a raw webhook body is replaced with once its retention period is over. */
export const EXPIRED_BODY = '{"expired":true}';
/** Rows per statement, so one run never holds many row locks for long. */
const BATCH = 1000;

/**
 * Replaces the raw bodies of webhook deliveries received more than `retentionDays` ago (the delivery's record, outcome
 * and booking stay). Reads only rows still carrying a body (the partial index webhook_events_unscrubbed_idx), in
 * batches; rows another run holds are skipped. Returns how many were scrubbed.
 */
export async function scrubExpiredWebhookBodies(db: Queryable, retentionDays: number, now = new Date()): Promise<number> {
	let total = 0;
	for (;;) {
		const rows = await db.query(
			`update public.webhook_events set raw_body = $3, scrubbed_at = now()
			 where id in (
				select id from public.webhook_events
				where scrubbed_at is null and received_at < $1::timestamptz - make_interval(days => $2::int)
				order by received_at
				limit ${BATCH}
				for update skip locked
			 )
			 returning id`,
			[now, retentionDays, EXPIRED_BODY]
		);
		total += rows.length;
		if (rows.length < BATCH) return total;
	}
}
