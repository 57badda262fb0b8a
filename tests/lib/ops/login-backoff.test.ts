import { describe, expect, test } from 'vitest';
import {
	defaultBackoffPolicy,
	emptyHistory,
	loginDelay,
	recordAttempt,
	recordStable,
	type StartHistory
} from '../../../src/lib/ops/login-backoff.ts';

const policy = defaultBackoffPolicy;
const T = Date.parse('2026-11-24T12:00:00Z');
const s = 1_000;
const min = 60 * s;
const h = 60 * min;

/** The history after `n` attempts, each `gap` ms apart, none of them stable; the last at `last`. */
function crashing(n: number, gap: number, last = T): StartHistory {
	let history = emptyHistory();
	for (let i = n - 1; i >= 0; i--) history = recordAttempt(history, last - i * gap);
	return history;
}

describe('loginDelay', () => {
	test.each([
		['the very first start', emptyHistory(), T, 0, 'first'],
		['a start after a stable run', recordStable(crashing(5, 10 * s)), T + s, 0, 'stable'],
		['the first restart after a run that died', crashing(1, 0), T + 2 * s, 0, 'crash-loop'],
		['the second quick restart: 5 s after the previous attempt', crashing(2, 2 * s), T + 1 * s, 4 * s, 'crash-loop'],
		['the third: 10 s', crashing(3, 2 * s), T, 10 * s, 'crash-loop'],
		['the fourth: 20 s', crashing(4, 2 * s), T, 20 * s, 'crash-loop'],
		['the ninth: 640 s', crashing(9, 2 * s), T, 640 * s, 'crash-loop'],
		['from the tenth on: capped at 15 minutes', crashing(14, 2 * s), T, 15 * min, 'crash-loop'],
		['a crash after the wait already passed goes at once', crashing(4, 2 * s), T + 25 * s, 0, 'crash-loop'],
		['a streak whose last attempt is over an hour old is forgotten', crashing(12, 2 * s), T + 61 * min, 0, 'stable']
	] as const)('%s', (_what, history, now, delayMs, reason) => {
		expect(loginDelay(history, now, policy)).toEqual({ delayMs, reason });
	});

	test('the daily budget holds even when every run counted as stable', () => {
		let history = emptyHistory();
		for (let i = 0; i < policy.dailyBudget; i++) history = recordStable(recordAttempt(history, T - 23 * h + i * 1000));
		const delay = loginDelay(history, T, policy);
		expect(delay.reason).toBe('daily-budget');
		// The oldest of the last `dailyBudget` attempts leaves the 24-hour window 1 hour from now.
		expect(delay.delayMs).toBe(1 * h);
	});

	test("a day of crash-looping stays far below Discord's 1,000 logins", () => {
		let history = emptyHistory();
		let now = T;
		let logins = 0;
		// Each run dies 1 s after its login; the supervisor restarts it at once, and it waits as told.
		while (now < T + 24 * h) {
			now += loginDelay(history, now, policy).delayMs;
			history = recordAttempt(history, now);
			logins++;
			now += 1 * s;
		}
		expect(logins).toBeLessThan(120);
		expect(logins).toBeGreaterThan(24 * 4);
	});
});

describe('recordAttempt', () => {
	test('keeps only the last day and counts the streak', () => {
		const history = recordAttempt({ attempts: [T - 25 * h, T - 2 * h], streak: 4 }, T);
		expect(history).toEqual({ attempts: [T - 2 * h, T], streak: 5 });
	});
});
