import type { Queryable } from './db.ts';

export const PERFORMANCE_ANSWERS = ['better', 'same', 'worse'] as const;
export type PerformanceAnswer = (typeof PERFORMANCE_ANSWERS)[number];

/** Records the member's answer to the one-week check-in; only the booking's own member can answer. */
export async function recordPerformanceAnswer(db: Queryable, bookingId: string, discordUserId: string, answer: PerformanceAnswer): Promise<boolean> {
	const rows = await db.query(
		`update public.bookings b set performance_check_answer = $3, performance_check_at = now()
		 from public.members m where b.id = $1 and m.id = b.member_id and m.discord_user_id = $2 returning b.id`,
		[bookingId, discordUserId, answer]
	);
	return rows.length === 1;
}
