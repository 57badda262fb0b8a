/**
 * The SQL behind `/stats`, one statement per source table, each grouped by day.
 * Parameters: $1 window start, $2 window end (exclusive), $3 the start of each day of the window (timestamptz[],
 * computed in the stats timezone by src/lib/stats/period.ts); the conversion query also takes $4 the conversion window
 * in days. Rows are grouped by `width_bucket(time, $3)`, the day's number (1 = the first day): a binary search over
 * the day starts, much cheaper per row than converting every timestamp to local time, and right across DST changes.
 * Each statement reads a range of a time index: members(created_at), diagnostics(created_at),
 * quick_assessments(created_at), bookings(created_at), testimonials(created_at), and for sessions the partial
 * covering index bookings_sessions_done_idx (migration 20261124010000_baseline.sql); the "now" figures use the partial
 * indexes on open tickets and closed DMs. Counts are int8 (numbers from both drivers); money is summed in fils.
 */

const day = (column: string) => `width_bucket(${column}, $3::timestamptz[])`;

/** Rows created per day in a table with an index on `created_at`. */
const createdByDay = (table: 'members' | 'diagnostics' | 'quick_assessments') => `
	select ${day('created_at')} as day, count(*) as n
	from public.${table}
	where created_at >= $1 and created_at < $2
	group by 1`;

export const NEW_MEMBERS_BY_DAY = createdByDay('members');
export const DIAGNOSTICS_BY_DAY = createdByDay('diagnostics');
export const QUICK_ASSESSMENTS_BY_DAY = createdByDay('quick_assessments');

/** Bookings made, by day and package; a reschedule's new booking is the same booking made again, not a new one. */
export const BOOKINGS_BY_DAY_AND_PACKAGE = `
	select ${day('created_at')} as day, package_code, count(*) as n
	from public.bookings
	where created_at >= $1 and created_at < $2 and replaces_booking_id is null
	group by 1, 2`;

/**
 * Sessions due in the window that were completed or missed; revenue from the completed ones that are paid. The
 * predicate matches bookings_sessions_done_idx, which covers every column used: an index-only scan.
 */
export const SESSIONS_BY_DAY = `
	select ${day('starts_at')} as day,
		count(*) filter (where status = 'completed') as completions,
		count(*) filter (where status = 'no_show') as no_shows,
		coalesce(sum(round(paid_aed * 100)) filter (where status = 'completed' and payment_status = 'paid'), 0)::int8 as revenue_fils
	from public.bookings
	where status in ('completed', 'no_show') and starts_at >= $1 and starts_at < $2
	group by 1`;

export const REVIEWS_BY_DAY = `
	select ${day('created_at')} as day, count(*) as reviews, sum(rating)::int8 as rating_sum
	from public.testimonials
	where created_at >= $1 and created_at < $2
	group by 1`;

/**
 * Conversion diagnostic -> booking, by the day of each member's first submission in the window: the members who
 * submitted a diagnostic or a quick assessment, and those of them who made a booking (not a reschedule) within $4
 * days after that first submission (bookings made up to the window's end). The window's bookings are read once from
 * the bookings(created_at) index range and hash-joined to the submitters: probing each submitter's bookings through
 * bookings(member_id, starts_at) reads far more pages (the planner cannot know how many submitters there are).
 */
export const CONVERSION_BY_DAY = `
	with submissions as materialized (
		select member_id, min(created_at) as first_at
		from (
			select member_id, created_at from public.diagnostics where created_at >= $1 and created_at < $2
			union all
			select member_id, created_at from public.quick_assessments where created_at >= $1 and created_at < $2
		) s
		group by member_id
	),
	window_bookings as materialized (
		select member_id, created_at
		from public.bookings
		where created_at >= $1 and created_at < $2 and replaces_booking_id is null and member_id is not null
	),
	converted as (
		select distinct s.member_id
		from submissions s
		join window_bookings b on b.member_id = s.member_id
		where b.created_at >= s.first_at and b.created_at < s.first_at + make_interval(days => $4::int)
	)
	select ${day('s.first_at')} as day, count(*) as diagnosed, count(c.member_id) as converted
	from submissions s
	left join converted c on c.member_id = s.member_id
	group by 1`;

/**
 * The measured gain of the window's completed sessions that have both frame-time captures: per session the change
 * from the baseline (the member's latest capture before the session) to its after run, in per cent, then the median
 * over the sessions, for the average and the 1% low. Reads the `after` captures through captures(booking_id).
 */
export const MEASURED_GAINS = `
	select count(*) as sessions,
		percentile_cont(0.5) within group (order by (a.avg_fps - b.avg_fps) / b.avg_fps * 100) as avg_gain,
		percentile_cont(0.5) within group (order by (a.p1_fps - b.p1_fps) / b.p1_fps * 100) as low_gain
	from public.bookings k
	join public.captures a on a.booking_id = k.id and a.phase = 'after'
	join lateral (
		select c.avg_fps, c.p1_fps from public.captures c
		where c.member_id = a.member_id and c.phase = 'before' and c.created_at < k.starts_at
		order by c.created_at desc limit 1
	) b on true
	where k.status = 'completed' and k.starts_at >= $1 and k.starts_at < $2`;

/** Figures about now, not the window: open tickets, and members still here whose DMs are closed. */
export const CURRENT_FIGURES = `
	select
		(select count(*) from public.support_tickets where status = 'open') as open_tickets,
		(select count(*) from public.members where dm_status = 'closed' and left_at is null and anonymized_at is null) as unreachable`;

export const PACKAGE_NAMES = `select code, name, sort_order from public.packages`;
