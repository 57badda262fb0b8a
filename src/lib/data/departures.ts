import type { Queryable } from './db.ts';

/** The outcome recorded on a notification that was not sent because its member left the server. */
export const MEMBER_LEFT = 'member_left';

export interface Departure {
	memberId: string;
	leftAt: Date;
	/** Sessions still ahead of the member (scheduled, not started). */
	upcoming: number;
	/** The staff notice planned for it (null without a session ahead). */
	noticeId: string | null;
}

/**
 * Records that a member left the server, once per departure: only the first caller (of any bot process, for a
 * duplicate event too) gets the departure back; a member the bot never met, or already gone, gives null. When they
 * have a session ahead, one staff notice ('member_left') is planned in the same statement and the outbox woken.
 * Coming back clears `left_at` (upsertMember).
 */
export async function recordDeparture(db: Queryable, discordUserId: string): Promise<Departure | null> {
	const [row] = await db.query<{ member_id: string; left_at: Date; upcoming: number; notice_id: string | null }>(
		`with departed as (
			update public.members set left_at = now()
			where discord_user_id = $1 and left_at is null
			returning id, left_at
		),
		upcoming as (
			select b.id from public.bookings b join departed d on d.id = b.member_id
			where b.status = 'scheduled' and b.starts_at > now()
		),
		notice as (
			select public.plan_notification('member_left', now(), p_member_id => d.id,
				p_dedupe_key => 'member_left:' || d.id::text || ':' || floor(extract(epoch from d.left_at) * 1000)::bigint::text,
				p_payload => jsonb_build_object('left_at', d.left_at)) as id
			from departed d
			where exists (select 1 from upcoming)
		)
		select d.id as member_id, d.left_at, (select count(*)::int from upcoming) as upcoming, (select id from notice) as notice_id
		from departed d`,
		[discordUserId]
	);
	if (!row) return null;
	return { memberId: row.member_id, leftAt: row.left_at, upcoming: row.upcoming, noticeId: row.notice_id };
}

/** Whether the member is known to have left the server (and not come back since). */
export async function hasLeft(db: Queryable, discordUserId: string): Promise<boolean> {
	const [row] = await db.query<{ left: boolean }>('select left_at is not null as left from public.members where discord_user_id = $1', [
		discordUserId
	]);
	return row?.left ?? false;
}

export interface DepartureNotice {
	discord_user_id: string | null;
	username: string | null;
	/** Whether the member is still gone since that departure (false once they came back, even if they left again). */
	still_gone: boolean;
	sessions: { starts_at: Date; package_name: string | null }[];
}

/**
 * What the staff notice of a departure (`leftAt`, as planned) says: who, whether still gone, their sessions ahead.
 * `leftAt` is compared as text cast in the database: a timestamptz parameter would lose its microseconds on the way.
 */
export async function loadDepartureNotice(db: Queryable, memberId: string, leftAt: string): Promise<DepartureNotice | null> {
	const [row] = await db.query<Omit<DepartureNotice, 'sessions'> & { sessions: { starts_at: string; package_name: string | null }[] }>(
		`select m.discord_user_id, m.username, coalesce(m.left_at = $2::text::timestamptz, false) as still_gone,
			coalesce((
				select json_agg(json_build_object('starts_at', b.starts_at, 'package_name', p.name) order by b.starts_at)
				from public.bookings b left join public.packages p on p.code = b.package_code
				where b.member_id = m.id and b.status = 'scheduled' and b.starts_at > now()
			), '[]'::json) as sessions
		 from public.members m where m.id = $1`,
		[memberId, leftAt]
	);
	if (!row) return null;
	return { ...row, sessions: row.sessions.map((session) => ({ starts_at: new Date(session.starts_at), package_name: session.package_name })) };
}
