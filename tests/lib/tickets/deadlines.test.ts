import { describe, expect, test } from 'vitest';
import { autoCloseDueAt, DEFAULT_TIMINGS, nudgeDueAt, timingSeconds } from '../../../src/lib/tickets/deadlines.ts';

const at = new Date('2026-03-01T10:00:00Z');

describe('ticket inactivity deadlines', () => {
	test.each([
		[{ nudgeAfterHours: 24, closeAfterNudgeHours: 24 }, '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z'],
		[{ nudgeAfterHours: 0.5, closeAfterNudgeHours: 2 }, '2026-03-01T10:30:00.000Z', '2026-03-01T12:30:00.000Z'],
		[{ nudgeAfterHours: 72, closeAfterNudgeHours: 0.25 }, '2026-03-04T10:00:00.000Z', '2026-03-04T10:15:00.000Z']
	])('with %j: nudge at %s, close at %s when nobody answers the nudge', (timings, nudge, close) => {
		const nudgedAt = nudgeDueAt(at, timings);
		expect(nudgedAt.toISOString()).toBe(nudge);
		expect(autoCloseDueAt(nudgedAt, timings).toISOString()).toBe(close);
	});

	test('the defaults are a day to the nudge and another day to the close; seconds are whole', () => {
		expect(DEFAULT_TIMINGS).toEqual({ nudgeAfterHours: 24, closeAfterNudgeHours: 24 });
		expect(timingSeconds(DEFAULT_TIMINGS)).toEqual({ nudgeAfter: 86_400, closeAfterNudge: 86_400 });
		expect(timingSeconds({ nudgeAfterHours: 0.0001, closeAfterNudgeHours: 1.5 })).toEqual({ nudgeAfter: 0, closeAfterNudge: 5400 });
	});
});
