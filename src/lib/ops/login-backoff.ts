/**
 * Crash-loop protection for Discord logins. Discord allows a bot 1,000 logins (gateway IDENTIFYs) a day and resets
 * its token when it goes over, so a bot that dies right after start and is restarted by its supervisor must slow
 * down. The history of login attempts is kept between starts (src/lib/ops/start-history.ts); this decides, from that
 * history alone, how long to wait before the next login.
 */

export interface StartHistory {
	/** Login attempts (epoch ms), oldest first, kept for the last day. */
	attempts: number[];
	/** Attempts since the bot last stayed up long enough to count as stable. */
	streak: number;
}

export interface BackoffPolicy {
	/** The wait before the second quick attempt; doubled for each further one. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** A run that lasts this long counts as stable and clears the streak. */
	stableAfterMs: number;
	/** A streak whose last attempt is older than this is forgotten (the bot was down, not crash-looping). */
	forgetAfterMs: number;
	/** At most this many logins in any 24 hours, well under Discord's 1,000. */
	dailyBudget: number;
}

export const defaultBackoffPolicy: BackoffPolicy = {
	baseDelayMs: 5_000,
	maxDelayMs: 15 * 60_000,
	stableAfterMs: 10 * 60_000,
	forgetAfterMs: 60 * 60_000,
	dailyBudget: 300
};

const DAY_MS = 24 * 60 * 60_000;

export const emptyHistory = (): StartHistory => ({ attempts: [], streak: 0 });

export interface LoginDelay {
	delayMs: number;
	reason: 'first' | 'stable' | 'crash-loop' | 'daily-budget';
}

/** How long to wait before logging in now. Never negative; 0 when the previous run was stable or long ago. */
export function loginDelay(history: StartHistory, now: number, policy: BackoffPolicy = defaultBackoffPolicy): LoginDelay {
	const recent = history.attempts.filter((at) => at > now - DAY_MS && at <= now);
	const last = recent.at(-1);
	if (last === undefined) return { delayMs: 0, reason: 'first' };

	let delay: LoginDelay = { delayMs: 0, reason: 'stable' };
	if (history.streak > 0 && now - last < policy.forgetAfterMs) {
		// The first restart after a run that did not last goes at once; the next waits baseDelayMs after the previous
		// attempt, and each further one twice as long as the one before, up to maxDelayMs.
		const wanted = history.streak < 2 ? 0 : Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(history.streak - 2, 30));
		delay = { delayMs: Math.max(0, last + wanted - now), reason: 'crash-loop' };
	}
	if (recent.length >= policy.dailyBudget) {
		// Wait until the oldest attempt that keeps us at the budget leaves the 24-hour window.
		const until = recent[recent.length - policy.dailyBudget]! + DAY_MS;
		if (until - now > delay.delayMs) delay = { delayMs: until - now, reason: 'daily-budget' };
	}
	return delay;
}

/** The history after a login attempt at `now` (trimmed to the last day). */
export function recordAttempt(history: StartHistory, now: number): StartHistory {
	return { attempts: [...history.attempts.filter((at) => at > now - DAY_MS && at <= now), now], streak: history.streak + 1 };
}

/** The history once the run has lasted `stableAfterMs`: the next start goes at once. */
export function recordStable(history: StartHistory): StartHistory {
	return { attempts: history.attempts, streak: 0 };
}
