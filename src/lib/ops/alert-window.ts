import { planStaffAlertOutsideWindow } from '../data/alerts.ts';
import type { Queryable } from '../data/db.ts';

/**
 * Unexpected errors reach the staff alert channel at most once per kind per window, whichever bot process saw them.
 * The outbox row's dedupe key is the kind plus the window's number, so two processes planning the same alert in the
 * same window insert one row; the previous window's row is checked too, so a burst that straddles a boundary still
 * alerts once. The alert carries the first incident id; later ones are in the logs.
 */
export const ALERT_WINDOW_MS = 5 * 60_000;

const part = (value: unknown): string | null =>
	typeof value === 'string' || typeof value === 'number'
		? String(value)
				.replace(/[^\w.-]/g, '_')
				.slice(0, 48)
		: null;

/** Where an error happened and what it was, from ids and class names only (never messages or member data). */
export function errorKind(context: Record<string, unknown>, error: unknown): string {
	const where =
		(part(context.command) && `command:${part(context.command)}`) ||
		(part(context.handler) && `handler:${part(context.handler)}`) ||
		(part(context.listener) && `listener:${part(context.listener)}`) ||
		(part(context.task) && `task:${part(context.task)}`) ||
		(part(context.source) && `${part(context.source)}`) ||
		'unknown';
	const name = error instanceof Error ? (part(error.name) ?? 'Error') : typeof error;
	const code = error instanceof Error ? part((error as { code?: unknown }).code) : null;
	return `${where}:${name}${code ? `:${code}` : ''}`;
}

export function alertDedupeKey(kind: string, at: number, windowMs = ALERT_WINDOW_MS): string {
	return `unexpected:${kind}:${Math.floor(at / windowMs)}`;
}

/**
 * Plans the staff alert for an unexpected error unless one of the same kind was planned within the window.
 * Returns true when this call planned it.
 */
export function planErrorAlert(db: Queryable, alert: { kind: string; incident: string; at: number }, windowMs = ALERT_WINDOW_MS): Promise<boolean> {
	return planStaffAlertOutsideWindow(
		db,
		{
			dedupeKey: alertDedupeKey(alert.kind, alert.at, windowMs),
			previousKey: alertDedupeKey(alert.kind, alert.at - windowMs, windowMs),
			payload: { reason: 'unexpected_error', kind: alert.kind, incident: alert.incident, minutes: Math.round(windowMs / 60_000) }
		},
		windowMs
	);
}
