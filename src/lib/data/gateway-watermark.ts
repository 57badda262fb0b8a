import type { Queryable } from './db.ts';

/**
 * The last moment the bot is known to have been connected to Discord's gateway with its joins handled: joins after it
 * may have been missed (the bot was offline, or a session was invalidated and its events lost). One row.
 */

export interface GatewayWatermark {
	/** The bot's first-ever connection: joins before it are not new members. */
	readonly firstSeenAt: Date;
	/** The last moment the bot is known to have been connected with its joins handled. */
	readonly seenAt: Date;
}

/** The watermark, or null before the bot's first-ever connection. */
export async function readGatewayWatermark(db: Queryable): Promise<GatewayWatermark | null> {
	const [row] = await db.query<{ first_seen_at: Date; seen_at: Date }>('select first_seen_at, seen_at from public.gateway_watermark where id');
	return row ? { firstSeenAt: row.first_seen_at, seenAt: row.seen_at } : null;
}

/** Moves the watermark to `at` (default now), never backwards whichever process writes; the first call also sets first_seen_at. */
export async function advanceGatewayWatermark(db: Queryable, at?: Date): Promise<void> {
	await db.query(
		`insert into public.gateway_watermark (id, first_seen_at, seen_at) values (true, coalesce($1::timestamptz, now()), coalesce($1::timestamptz, now()))
		 on conflict (id) do update set seen_at = greatest(gateway_watermark.seen_at, excluded.seen_at), updated_at = now()`,
		[at ?? null]
	);
}

/** When the latest `/mydata delete` happened: a join before it may be an erased member's, who must not come back. */
export async function latestErasure(db: Queryable): Promise<Date | null> {
	const [row] = await db.query<{ at: Date | null }>('select max(anonymized_at) as at from public.members where anonymized_at is not null');
	return row?.at ?? null;
}

/** Discord ids of members who joined while pending rules screening and were not welcomed yet. */
export async function membersAwaitingScreening(db: Queryable): Promise<Set<string>> {
	const rows = await db.query<{ discord_user_id: string }>(
		`select discord_user_id from public.members
		 where joined_at is not null and screening_passed_at is null and welcomed_at is null and discord_user_id is not null`
	);
	return new Set(rows.map((row) => row.discord_user_id));
}
