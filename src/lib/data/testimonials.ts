import type { TestimonialAnswers } from '../testimonials/answers.ts';
import type { Queryable } from './db.ts';

/**
 * Stores the member's testimonial for a completed booking as pending (staff approve it). One per booking: a second
 * submission updates the first. Only the booking's own member, and only once the session is completed.
 */
export async function saveTestimonial(db: Queryable, bookingId: string, discordUserId: string, answers: TestimonialAnswers): Promise<{ id: string } | null> {
	const [row] = await db.query<{ id: string }>(
		`insert into public.testimonials (booking_id, member_id, rating, fps_before, fps_after, feedback)
		 select b.id, b.member_id, $3, $4, $5, $6
		 from public.bookings b join public.members m on m.id = b.member_id
		 where b.id = $1 and m.discord_user_id = $2 and b.status = 'completed'
		 on conflict (booking_id) do update set
			rating = excluded.rating, fps_before = excluded.fps_before, fps_after = excluded.fps_after,
			feedback = excluded.feedback, status = 'pending', reviewed_by = null, reviewed_at = null
		 returning id`,
		[bookingId, discordUserId, answers.rating, answers.fpsBefore ?? null, answers.fpsAfter ?? null, answers.feedback]
	);
	return row ?? null;
}
