import type { Queryable } from '../data/db.ts';

/**
 * Nothing fails silently: a notification that fails for good (a Discord 4xx, or its attempts exhausted) is marked
 * failed and, in the same statement, alerts staff once per kind per window with what to do (dedupe keys
 * `failed:<kind>:<window number>`). The alert's dedupe key is
 * the kind plus the window's number (from the database's clock), so two bot processes failing notifications of one kind
 * at once plan one alert; the previous window's alert is checked too, so a burst across a boundary alerts once. A
 * failed staff alert alerts nobody (its channel is the problem): it is logged and listed by `fpsos notifications list`.
 */
export const FAILURE_ALERT_WINDOW_MS = 60 * 60_000;

/** What staff should do, by how the delivery failed (texts: `alerts:advice.<code>` in the locale files). */
export type FailureAdvice = 'permissions' | 'gone' | 'rejected' | 'exhausted';

/** Discord's codes for a channel, message, user or member that no longer exists (or never did). */
const UNKNOWN_TARGET_CODES = new Set([10003, 10004, 10007, 10008, 10013]);

/** The Discord status and code in an error recorded by the bot's deliveries (`Discord 403 50013: ...`), if any. */
export function discordErrorOf(error: string): { status: number; code: number } | null {
	const match = /^Discord (\d{3}) (\d+)/.exec(error);
	return match ? { status: Number(match[1]), code: Number(match[2]) } : null;
}

export function failureAdvice(error: string): FailureAdvice {
	const discord = discordErrorOf(error);
	if (!discord || discord.status < 400 || discord.status >= 500) return 'exhausted';
	if (discord.code === 50001 || discord.code === 50013 || discord.status === 403) return 'permissions';
	if (discord.status === 404 || UNKNOWN_TARGET_CODES.has(discord.code)) return 'gone';
	return 'rejected';
}

export interface FailedOutcome {
	/** This worker held the claim and recorded the failure. */
	failed: boolean;
	/** The staff alert this failure planned (null: one of its kind went out within the window, or it was an alert). */
	alertKey: string | null;
}

/**
 * Marks a claimed row failed and plans the staff alert in one statement (one transaction): either both happen or
 * neither. Only the worker holding the claim records it. The alert carries ids and codes, never the error's text
 * (which `fpsos notifications list` shows to whoever runs it).
 */
export async function markFailedAndAlert(
	db: Queryable,
	row: { id: string; worker: string },
	error: string,
	windowMs = FAILURE_ALERT_WINDOW_MS
): Promise<FailedOutcome> {
	const discord = discordErrorOf(error);
	const [result] = await db.query<{ failed: number; alert_key: string | null }>(
		`with failed as (
			update public.notifications
			set status = 'failed', claimed_until = null, last_error = $3, updated_at = now()
			where id = $1 and claimed_by = $2 and status = 'pending'
			returning id, kind, attempts
		), slot as (
			select f.id, f.kind, f.attempts, floor(extract(epoch from now()) * 1000 / $4::float8)::bigint as n
			from failed f where f.kind <> 'staff_alert'
		), alert as (
			select s.key, public.plan_notification('staff_alert', now(), p_dedupe_key => s.key, p_payload =>
				jsonb_build_object('reason', 'notification_failed', 'kind', s.kind, 'notification', s.id, 'attempts', s.attempts,
					'advice', $5::text, 'code', $6::text, 'minutes', round($4::numeric / 60000))) as id
			from (select slot.*, 'failed:' || slot.kind || ':' || slot.n as key from slot) s
			where not exists (
				select 1 from public.notifications p
				where p.dedupe_key = 'failed:' || s.kind || ':' || (s.n - 1) and p.created_at > now() - make_interval(secs => $4::float8 / 1000)
			)
		)
		select (select count(*) from failed)::int as failed, (select key from alert where id is not null) as alert_key`,
		[row.id, row.worker, error.slice(0, 500), windowMs, failureAdvice(error), discord ? `Discord ${discord.status} ${discord.code}` : null]
	);
	const alertKey = result?.alert_key ?? null;
	return { failed: (result?.failed ?? 0) === 1, alertKey };
}

/**
 * SQL for "a failure alert covers this failed row" (alias `n`; failed rows keep `updated_at` from the failing
 * statement): an alert of its kind in the window it failed in, or the one before (which suppressed it).
 * `windowParam` is the placeholder of the window in ms. Reads the unique index on dedupe_key.
 */
export function alertedSql(windowParam: string): string {
	const n = `floor(extract(epoch from n.updated_at) * 1000 / ${windowParam}::float8)::bigint`;
	return `(n.status = 'failed' and n.kind <> 'staff_alert' and exists (
		select 1 from public.notifications a
		where a.dedupe_key in ('failed:' || n.kind || ':' || ${n}, 'failed:' || n.kind || ':' || (${n} - 1))
	))`;
}
