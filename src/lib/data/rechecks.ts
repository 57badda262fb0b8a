import type { Db } from './db.ts';

/** How long after the three-month ask a fresh diagnostic still answers it. */
export const RECHECK_WINDOW_DAYS = 30;

export interface Recheck {
	bookingId: string;
	/** What the fresh diagnostic was compared with: a diagnostic from after the session, else the one before it. */
	baseline: 'after_session' | 'before_session' | 'none';
	/** Findings back since the baseline (rule ids), in the fresh diagnostic's order. */
	slipped: string[];
}

type Findings = { id: string }[] | null;

/**
 * The three-month check, answered by the first diagnostic after the ask: claims the member's asked booking for this
 * diagnostic (once), then names what slipped. Compared with the latest diagnostic between the session and the ask
 * (the PC as the session left it): what is wrong now and was not then slipped. Without one, compared with the
 * diagnostic before the session: what the session was there to fix and is wrong again. Without either, everything
 * wrong now counts. The ask counts from when it fell due: the member may answer the DM before the outbox has
 * recorded it as sent. Null when the check is not due, was due too long ago, or was answered already.
 */
export async function claimRecheck(db: Db, memberId: string, diagnosticId: string): Promise<Recheck | null> {
	return db.transaction(async (tx) => {
		const [claimed] = await tx.query<{ id: string; starts_at: Date; asked_at: Date }>(
			`with asked as (
				select b.id, coalesce(n.sent_at, n.due_at) as asked_at from public.bookings b
				join public.notifications n on n.booking_id = b.id and n.kind = 'reoptimize_offer'
					and (n.status = 'sent' or (n.status = 'pending' and n.due_at <= now()))
				where b.member_id = $1 and b.status = 'completed' and b.recheck_diagnostic_id is null
					and coalesce(n.sent_at, n.due_at) > now() - make_interval(days => $3)
				order by 2 desc limit 1
			)
			update public.bookings b set recheck_diagnostic_id = $2 from asked
			where b.id = asked.id and b.recheck_diagnostic_id is null
			returning b.id, b.starts_at, asked.asked_at`,
			[memberId, diagnosticId, RECHECK_WINDOW_DAYS]
		);
		if (!claimed) return null;
		const [row] = await tx.query<{ now: Findings; after_session: Findings; before_session: Findings }>(
			`select
				(select findings from public.diagnostics where id = $1) as now,
				(select findings from public.diagnostics where member_id = $2 and id <> $1 and created_at >= $3 and created_at < $4
					order by created_at desc limit 1) as after_session,
				(select findings from public.diagnostics where member_id = $2 and created_at < $3 order by created_at desc limit 1) as before_session`,
			[diagnosticId, memberId, claimed.starts_at, claimed.asked_at]
		);
		const now = (row?.now ?? []).map((finding) => finding.id);
		if (row?.after_session) {
			const then = new Set(row.after_session.map((finding) => finding.id));
			return { bookingId: claimed.id, baseline: 'after_session', slipped: now.filter((id) => !then.has(id)) };
		}
		if (row?.before_session) {
			const fixed = new Set(row.before_session.map((finding) => finding.id));
			return { bookingId: claimed.id, baseline: 'before_session', slipped: now.filter((id) => fixed.has(id)) };
		}
		return { bookingId: claimed.id, baseline: 'none', slipped: now };
	});
}
