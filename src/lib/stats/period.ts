import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../booking/follow-ups.ts';

/** The periods `/stats` offers, in days. */
export const STATS_PERIODS = [7, 30, 90] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];
export const DEFAULT_STATS_PERIOD: StatsPeriod = 30;

/** Statistics count business days in the UAE, where FPSOS works. */
export const STATS_TIMEZONE = DEFAULT_TIMEZONE;

export function isStatsPeriod(value: unknown): value is StatsPeriod {
	return (STATS_PERIODS as readonly unknown[]).includes(value);
}

/**
 * The last `days` calendar days in Dubai, today included: from the start of the first day to `now` (exclusive).
 * `dates` lists each day as YYYY-MM-DD, oldest first, so daily rows can be filled in for days with no activity;
 * `dayStarts` holds the first instant of each of those days (the first one is `from`).
 */
export interface StatsWindow {
	days: StatsPeriod;
	from: Date;
	to: Date;
	timezone: string;
	dates: string[];
	dayStarts: Date[];
}

export function statsWindow(days: StatsPeriod, now: Date = new Date(), timezone: string = STATS_TIMEZONE): StatsWindow {
	const today = DateTime.fromJSDate(now).setZone(timezone).startOf('day');
	const first = today.minus({ days: days - 1 });
	const starts = Array.from({ length: days }, (_, index) => first.plus({ days: index }));
	return {
		days,
		from: first.toJSDate(),
		to: now,
		timezone,
		dates: starts.map((start) => start.toISODate()!),
		dayStarts: starts.map((start) => start.toJSDate())
	};
}
