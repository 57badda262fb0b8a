/**
 * Inactivity: a ticket with no message from a person for `nudgeAfterHours` gets a nudge; if nobody replies within
 * `closeAfterNudgeHours` of the nudge, it closes automatically. Any message from the member or staff starts over.
 */
export interface TicketTimings {
	nudgeAfterHours: number;
	closeAfterNudgeHours: number;
}

export const DEFAULT_TIMINGS: TicketTimings = { nudgeAfterHours: 24, closeAfterNudgeHours: 24 };

const HOUR_MS = 3_600_000;

/** Seconds, as the database's `make_interval(secs => ...)` takes them. */
export function timingSeconds(timings: TicketTimings): { nudgeAfter: number; closeAfterNudge: number } {
	return { nudgeAfter: Math.round(timings.nudgeAfterHours * 3600), closeAfterNudge: Math.round(timings.closeAfterNudgeHours * 3600) };
}

export function nudgeDueAt(lastActivityAt: Date, timings: TicketTimings): Date {
	return new Date(lastActivityAt.getTime() + timings.nudgeAfterHours * HOUR_MS);
}

export function autoCloseDueAt(nudgedAt: Date, timings: TicketTimings): Date {
	return new Date(nudgedAt.getTime() + timings.closeAfterNudgeHours * HOUR_MS);
}
