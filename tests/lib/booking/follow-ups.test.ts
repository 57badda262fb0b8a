import { describe, expect, test } from 'vitest';
import { atSensibleLocalHour, planFollowUps } from '../../../src/lib/booking/follow-ups.ts';

describe('atSensibleLocalHour', () => {
	test.each([
		['afternoon in Dubai stays', '2026-11-24T11:00:00Z', 'Asia/Dubai', '2026-11-24T11:00:00.000Z'],
		['3 am in Dubai moves to 10:00 the same day', '2026-11-23T23:00:00Z', 'Asia/Dubai', '2026-11-24T06:00:00.000Z'],
		['22:00 in Dubai moves to 10:00 the next day', '2026-11-24T18:00:00Z', 'Asia/Dubai', '2026-11-25T06:00:00.000Z'],
		['exactly 21:00 is already night', '2026-11-24T17:00:00Z', 'Asia/Dubai', '2026-11-25T06:00:00.000Z'],
		['exactly 10:00 is fine', '2026-11-24T06:00:00Z', 'Asia/Dubai', '2026-11-24T06:00:00.000Z'],
		['a member in London at 23:30 gets 10:00 London time', '2026-11-24T23:30:00Z', 'Europe/London', '2026-11-25T10:00:00.000Z'],
		['an unknown timezone falls back to Dubai', '2026-11-23T23:00:00Z', 'Mars/Olympus', '2026-11-24T06:00:00.000Z'],
		['no timezone falls back to Dubai', '2026-11-23T23:00:00Z', null, '2026-11-24T06:00:00.000Z']
	])('%s', (_situation, at, timezone, expected) => {
		expect(atSensibleLocalHour(new Date(at), timezone).toISOString()).toBe(expected);
	});
});

describe('planFollowUps', () => {
	test('a session completed at 20:30 Dubai time: testimonial next morning, check-in a week later, offer three months later', () => {
		const plan = planFollowUps(new Date('2026-11-24T16:30:00Z'), 'Asia/Dubai');
		expect(plan.map(({ kind, dueAt }) => [kind, dueAt.toISOString()])).toEqual([
			['testimonial_request', '2026-11-25T06:00:00.000Z'],
			['performance_check', '2026-12-01T16:30:00.000Z'],
			['reoptimize_offer', '2027-02-24T16:30:00.000Z']
		]);
	});

	test("no follow-up is ever due at night in the member's timezone", () => {
		for (let hour = 0; hour < 24; hour += 1) {
			const completedAt = new Date(Date.UTC(2026, 10, 24, hour, 15));
			for (const { dueAt } of planFollowUps(completedAt, 'America/New_York')) {
				const local = Number(
					new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(dueAt)
				);
				expect(local).toBeGreaterThanOrEqual(10);
				expect(local).toBeLessThan(21);
			}
		}
	});
});
