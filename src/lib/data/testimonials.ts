import { isLowRating } from '../testimonials/branching.ts';
import type { TestimonialAnswers } from '../testimonials/answers.ts';
import type { Db, Queryable } from './db.ts';
import type { NotificationKind, PayloadOf } from '../outbox/kinds.ts';
import { planNotification } from './notifications.ts';

export interface SubmittedTestimonial {
	id: string;
	revision: number;
	memberId: string;
}

/**
 * Stores the member's testimonial for a completed booking as pending and plans, in the same transaction, what must
 * follow once: the staff review card (one per revision: a resubmission refreshes it), and for a low rating a support
 * ticket and a staff alert (once per testimonial). Only the booking's own member, once the session is completed.
 * The measured FPS is the average of the session's frame-time captures (the baseline before it, the after run), else
 * of the member's diagnostics that carry a benchmark: the latest before the session and the latest after its start.
 * Typed figures never count as measured.
 */
export async function submitTestimonial(
	db: Db,
	bookingId: string,
	discordUserId: string,
	answers: TestimonialAnswers
): Promise<SubmittedTestimonial | null> {
	return db.transaction(async (tx) => {
		const [row] = await tx.query<{ id: string; revision: number; member_id: string; public_message_id: string | null }>(
			`with booking as (
				select b.id, b.member_id, b.starts_at from public.bookings b join public.members m on m.id = b.member_id
				where b.id = $1 and m.discord_user_id = $2 and b.status = 'completed'
			), measured as (
				select
					coalesce(
						(select c.avg_fps from public.captures c, booking where c.member_id = booking.member_id and c.phase = 'before' and c.avg_fps < 1000.5
							and c.created_at < booking.starts_at order by c.created_at desc limit 1),
						(select d.avg_fps from public.diagnostics d, booking where d.member_id = booking.member_id and d.avg_fps is not null
							and d.created_at < booking.starts_at order by d.created_at desc limit 1)) as before,
					coalesce(
						(select c.avg_fps from public.captures c, booking where c.booking_id = booking.id and c.phase = 'after' and c.avg_fps < 1000.5),
						(select d.avg_fps from public.diagnostics d, booking where d.member_id = booking.member_id and d.avg_fps is not null
							and d.created_at >= booking.starts_at order by d.created_at desc limit 1)) as after
			)
			insert into public.testimonials (booking_id, member_id, rating, fps_before, fps_after, feedback, fps_source, measured_fps_before, measured_fps_after)
			select booking.id, booking.member_id, $3, $4, $5, $6,
				case when measured.before is not null and measured.after is not null then 'measured' else 'self_reported' end,
				case when measured.after is not null then measured.before end,
				case when measured.before is not null then measured.after end
			from booking, measured
			on conflict (booking_id) do update set
				rating = excluded.rating, fps_before = excluded.fps_before, fps_after = excluded.fps_after,
				feedback = excluded.feedback, fps_source = excluded.fps_source, measured_fps_before = excluded.measured_fps_before,
				measured_fps_after = excluded.measured_fps_after, status = 'pending', reviewed_by = null, reviewed_at = null,
				reject_reason = null, revision = public.testimonials.revision + 1
			returning id, revision, member_id, public_message_id`,
			[bookingId, discordUserId, answers.rating, answers.fpsBefore ?? null, answers.fpsAfter ?? null, answers.feedback]
		);
		if (!row) return null;
		const plan = <K extends NotificationKind>(kind: K, dedupeKey: string, payload: PayloadOf<K>) =>
			planNotification(tx, {
				kind,
				memberId: row.member_id,
				dedupeKey,
				payload: { testimonial_id: row.id, booking_id: bookingId, ...payload }
			});
		await plan('testimonial_review', `testimonial-review:${row.id}:${row.revision}`, { revision: row.revision });
		// The member changed their words: what is public comes down until staff approve the new version.
		if (row.public_message_id) {
			await plan('testimonial_published', `testimonial-unpublish:${row.id}:${row.revision}`, {
				revision: row.revision,
				unpublish: true,
				message_id: row.public_message_id
			});
		}
		if (isLowRating(answers.rating)) {
			await plan('low_rating_ticket', `low-rating-ticket:${row.id}`, { rating: answers.rating });
			await plan('staff_alert', `low-rating-alert:${row.id}`, { reason: 'low_rating', rating: answers.rating, member: `<@${discordUserId}>` });
		}
		return { id: row.id, revision: row.revision, memberId: row.member_id };
	});
}

export interface TestimonialView {
	id: string;
	booking_id: string;
	revision: number;
	status: 'pending' | 'approved' | 'rejected';
	rating: number;
	fps_before: number | null;
	fps_after: number | null;
	measured_fps_before: number | null;
	measured_fps_after: number | null;
	fps_source: 'self_reported' | 'measured';
	feedback: string;
	reviewed_by: string | null;
	reject_reason: string | null;
	staff_message_id: string | null;
	public_message_id: string | null;
	discord_user_id: string | null;
	member_name: string | null;
	package_name: string | null;
	starts_at: Date;
}

export async function loadTestimonial(db: Queryable, id: string): Promise<TestimonialView | null> {
	const [row] = await db.query<TestimonialView & Record<string, unknown>>(
		`select t.id, t.booking_id, t.revision, t.status, t.rating, t.fps_before, t.fps_after, t.measured_fps_before,
			t.measured_fps_after, t.fps_source, t.feedback, t.reviewed_by, t.reject_reason, t.staff_message_id,
			t.public_message_id, m.discord_user_id, coalesce(m.display_name, m.username) as member_name,
			p.name as package_name, b.starts_at
		 from public.testimonials t
		 join public.bookings b on b.id = t.booking_id
		 left join public.members m on m.id = t.member_id
		 left join public.packages p on p.code = b.package_code
		 where t.id = $1`,
		[id]
	);
	return row ?? null;
}

export type ReviewOutcome = { ok: true; revision: number } | { ok: false; reason: 'not_found' | 'already_reviewed' | 'changed' };

/**
 * Staff approve or reject a pending testimonial, in the revision they saw; the first decision wins. An approval plans
 * the public post (one per revision: an approved resubmission edits the post already made).
 */
export async function reviewTestimonial(
	db: Db,
	id: string,
	revision: number,
	decision: { approve: true; actor: string } | { approve: false; actor: string; reason: string }
): Promise<ReviewOutcome> {
	return db.transaction(async (tx) => {
		const [row] = await tx.query<{ revision: number; member_id: string; booking_id: string }>(
			`update public.testimonials set status = $2, reviewed_by = $3, reviewed_at = now(), reject_reason = $4
			 where id = $1 and status = 'pending' and revision = $5 returning revision, member_id, booking_id`,
			[id, decision.approve ? 'approved' : 'rejected', decision.actor, decision.approve ? null : decision.reason, revision]
		);
		if (!row) {
			const [current] = await tx.query<{ status: string; revision: number }>('select status, revision from public.testimonials where id = $1', [
				id
			]);
			if (!current) return { ok: false, reason: 'not_found' };
			return { ok: false, reason: current.revision !== revision ? 'changed' : 'already_reviewed' };
		}
		if (decision.approve) {
			await planNotification(tx, {
				kind: 'testimonial_published',
				memberId: row.member_id,
				dedupeKey: `testimonial-publish:${id}:${row.revision}`,
				payload: { testimonial_id: id, booking_id: row.booking_id, revision: row.revision }
			});
		}
		return { ok: true, revision: row.revision };
	});
}

/** Remembers the staff card or the public post of a testimonial (null: taken down), so later revisions edit them. */
export async function setTestimonialMessage(db: Queryable, id: string, which: 'staff' | 'public', messageId: string | null): Promise<void> {
	await db.query(`update public.testimonials set ${which === 'staff' ? 'staff_message_id' : 'public_message_id'} = $2 where id = $1`, [
		id,
		messageId
	]);
}

/** Forgets a testimonial's public post once it is taken down, unless a newer post replaced it meanwhile. */
export async function clearPublicMessage(db: Queryable, id: string, messageId: string): Promise<void> {
	await db.query('update public.testimonials set public_message_id = null where id = $1 and public_message_id = $2', [id, messageId]);
}
