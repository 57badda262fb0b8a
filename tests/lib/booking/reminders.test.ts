import { describe, expect, test } from 'vitest';
import { decideReminder } from '../../../src/lib/booking/reminders.ts';

describe('decideReminder', () => {
	const start = new Date('2026-11-24T16:00:00Z');
	const end = new Date('2026-11-24T18:00:00Z');
	const at = (iso: string) => new Date(iso);
	test.each([
		['24 h reminder on time', 'reminder_24h', '2026-11-23T16:00:00Z', { send: 'reminder_24h' }],
		['24 h reminder found 3 h before: still useful', 'reminder_24h', '2026-11-24T13:00:00Z', { send: 'reminder_24h' }],
		[
			'24 h reminder found 1 h before: dropped for the 2 h one',
			'reminder_24h',
			'2026-11-24T15:00:00Z',
			{ skip: 'within 2 h of the session: the 2 h reminder covers it' }
		],
		['2 h reminder on time', 'reminder_2h', '2026-11-24T14:00:00Z', { send: 'reminder_2h' }],
		['2 h reminder after the start becomes "join now"', 'reminder_2h', '2026-11-24T16:10:00Z', { send: 'session_started' }],
		['anything after the end is dropped', 'reminder_2h', '2026-11-24T18:00:00Z', { skip: 'the session is over' }]
	] as const)('%s', (_situation, kind, now, decision) => {
		expect(decideReminder(kind, start, end, at(now))).toEqual(decision);
	});
});
