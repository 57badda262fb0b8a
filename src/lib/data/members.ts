import type { Queryable } from './db.ts';

export type DmStatus = 'unknown' | 'open' | 'closed';

export interface Member {
	id: string;
	discord_user_id: string;
	username: string | null;
	display_name: string | null;
	locale: string | null;
	dm_status: DmStatus;
	welcomed_at: Date | null;
	joined_at: Date | null;
	screening_passed_at: Date | null;
}

export interface MemberProfile {
	discordUserId: string;
	username?: string | null;
	displayName?: string | null;
	locale?: string | null;
}

const columns = 'id, discord_user_id, username, display_name, locale, dm_status, welcomed_at, joined_at, screening_passed_at';

/** Inserts the member or refreshes their names; one statement, safe under concurrency. */
export async function upsertMember(db: Queryable, profile: MemberProfile): Promise<Member> {
	const [member] = await db.query<Member & Record<string, unknown>>(
		`insert into public.members (discord_user_id, username, display_name, locale)
		 values ($1, $2, $3, $4)
		 on conflict (discord_user_id) do update set
			username = coalesce(excluded.username, members.username),
			display_name = coalesce(excluded.display_name, members.display_name),
			locale = coalesce(members.locale, excluded.locale), -- a stored language (chosen with /language) is kept
			left_at = null
		 returning ${columns}`,
		[profile.discordUserId, profile.username ?? null, profile.displayName ?? null, profile.locale ?? null]
	);
	return member!;
}

/** Records the join time (first join wins) and, when known, that rules screening is passed. */
export async function recordJoin(db: Queryable, memberId: string, joinedAt: Date, screeningPassed: boolean): Promise<void> {
	await db.query(
		`update public.members set
			joined_at = coalesce(joined_at, $2),
			screening_passed_at = case when $3 then coalesce(screening_passed_at, now()) else screening_passed_at end
		 where id = $1`,
		[memberId, joinedAt, screeningPassed]
	);
}

/**
 * Claims the member's welcome: true for exactly one caller, ever, across processes. The caller then sends it;
 * `releaseWelcome` gives the claim back when nothing could be delivered at all.
 */
export async function claimWelcome(db: Queryable, memberId: string): Promise<boolean> {
	const rows = await db.query('update public.members set welcomed_at = now() where id = $1 and welcomed_at is null returning id', [memberId]);
	return rows.length === 1;
}

export async function releaseWelcome(db: Queryable, memberId: string): Promise<void> {
	await db.query('update public.members set welcomed_at = null where id = $1', [memberId]);
}

export async function setDmStatus(db: Queryable, memberId: string, status: Exclude<DmStatus, 'unknown'>): Promise<void> {
	await db.query('update public.members set dm_status = $2, dm_status_at = now() where id = $1 and dm_status is distinct from $2', [
		memberId,
		status
	]);
}

/** Claims a chat reply for the member unless one went out within `cooldownSeconds`; true for one caller. */
export async function claimChatReply(db: Queryable, memberId: string, cooldownSeconds: number): Promise<boolean> {
	const rows = await db.query(
		`update public.members set last_chat_reply_at = now()
		 where id = $1 and (last_chat_reply_at is null or last_chat_reply_at <= now() - make_interval(secs => $2))
		 returning id`,
		[memberId, cooldownSeconds]
	);
	return rows.length === 1;
}

export async function findMemberByDiscordId(db: Queryable, discordUserId: string): Promise<Member | null> {
	const [member] = await db.query<Member & Record<string, unknown>>(`select ${columns} from public.members where discord_user_id = $1`, [
		discordUserId
	]);
	return member ?? null;
}

/** The member's stored language (raw, e.g. `ar`), or null when they never chose one or are not a member yet. */
export async function memberLocale(db: Queryable, discordUserId: string): Promise<string | null> {
	const [row] = await db.query<{ locale: string | null }>('select locale from public.members where discord_user_id = $1', [discordUserId]);
	return row?.locale ?? null;
}

/** Stores the language the member chose (`/language`, the welcome's language button). */
export async function setMemberLocale(db: Queryable, memberId: string, locale: string): Promise<void> {
	await db.query('update public.members set locale = $2 where id = $1', [memberId, locale]);
}

/** A member's Discord id (null: never linked) and whether they left the server; null when there is no such member. */
export async function memberReach(db: Queryable, memberId: string | null): Promise<{ discord_user_id: string | null; left: boolean } | null> {
	const [member] = await db.query<{ discord_user_id: string | null; left: boolean }>(
		'select discord_user_id, left_at is not null as left from public.members where id = $1',
		[memberId]
	);
	return member ?? null;
}
