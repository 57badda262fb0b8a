import { DateTime } from 'luxon';
import type { NotificationKind } from '../outbox/kinds.ts';

/** FPSOS works from the UAE: a member without a known timezone gets Dubai time. */
export const DEFAULT_TIMEZONE = 'Asia/Dubai';

/** Follow-ups go out between 10:00 and 21:00 in the member's own timezone, never at night. */
export const QUIET_UNTIL_HOUR = 10;
export const QUIET_FROM_HOUR = 21;

/** The follow-up kinds of the outbox's registry (src/lib/outbox/kinds.ts). */
export type FollowUpKind = Extract<NotificationKind, 'testimonial_request' | 'performance_check' | 'reoptimize_offer'>;

/** How long after the session each follow-up is meant to go out (then moved to a sensible hour). */
export const FOLLOW_UPS: readonly { kind: FollowUpKind; after: { hours?: number; days?: number; months?: number } }[] = [
	{ kind: 'testimonial_request', after: { hours: 1 } },
	{ kind: 'performance_check', after: { days: 7 } },
	{ kind: 'reoptimize_offer', after: { months: 3 } }
];

function zoneOf(timezone: string | null | undefined): string {
	return timezone && DateTime.now().setZone(timezone).isValid ? timezone : DEFAULT_TIMEZONE;
}

/** The first moment at or after `at` that is daytime (10:00-21:00) in `timezone`. */
export function atSensibleLocalHour(at: Date, timezone: string | null | undefined): Date {
	const local = DateTime.fromJSDate(at).setZone(zoneOf(timezone));
	if (local.hour < QUIET_UNTIL_HOUR) return local.set({ hour: QUIET_UNTIL_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
	if (local.hour >= QUIET_FROM_HOUR)
		return local.plus({ days: 1 }).set({ hour: QUIET_UNTIL_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
	return at;
}

/** The follow-ups of a completed session, each at a sensible local hour for the member. */
export function planFollowUps(completedAt: Date, timezone: string | null | undefined): { kind: FollowUpKind; dueAt: Date }[] {
	const zone = zoneOf(timezone);
	return FOLLOW_UPS.map(({ kind, after }) => ({
		kind,
		dueAt: atSensibleLocalHour(DateTime.fromJSDate(completedAt).setZone(zone).plus(after).toJSDate(), zone)
	}));
}
