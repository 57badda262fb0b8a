import type { Queryable } from '../data/db.ts';
import { markFailedPlanningAlert, type FailedOutcome } from '../data/outbox.ts';

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

/**
 * Marks a claimed row failed and plans the staff alert in one statement (one transaction): either both happen or
 * neither. Only the worker holding the claim records it. The alert carries ids and codes, never the error's text
 * (which `fpsos notifications list` shows to whoever runs it).
 */
export function markFailedAndAlert(
	db: Queryable,
	row: { id: string; worker: string },
	error: string,
	windowMs = FAILURE_ALERT_WINDOW_MS
): Promise<FailedOutcome> {
	const discord = discordErrorOf(error);
	return markFailedPlanningAlert(db, row, {
		error,
		windowMs,
		advice: failureAdvice(error),
		code: discord ? `Discord ${discord.status} ${discord.code}` : null
	});
}
