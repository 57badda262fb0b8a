import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { defaultBackoffPolicy, loginDelay, recordAttempt, recordStable, type BackoffPolicy } from './login-backoff.ts';
import { readStartHistory, writeStartHistory } from './start-history.ts';

export interface LoginGuardOptions {
	/** The history file (null: no history kept, no back-off). */
	file: string | null;
	log: Logger;
	policy?: BackoffPolicy;
	now?: () => number;
	wait?: (ms: number) => Promise<unknown>;
}

export interface LoginGuard {
	/** Call once the process has logged in: after `stableAfterMs` the run counts as stable. */
	loggedIn(): void;
	stop(): void;
}

/**
 * Before a Discord login: waits as the back-off policy says, then records the attempt. A broken history file is
 * logged and ignored; the back-off must never be the reason the bot does not start.
 */
export async function guardLogin(options: LoginGuardOptions): Promise<LoginGuard> {
	const { file, log } = options;
	const policy = options.policy ?? defaultBackoffPolicy;
	const now = options.now ?? Date.now;
	const wait = options.wait ?? sleep;
	if (!file) return { loggedIn: () => undefined, stop: () => undefined };

	const history = await readStartHistory(file);
	const { delayMs, reason } = loginDelay(history, now(), policy);
	if (delayMs > 0) {
		log.warn('Recent starts did not last: waiting before logging in to Discord', {
			delaySeconds: Math.ceil(delayMs / 1000),
			reason,
			streak: history.streak
		});
		await wait(delayMs);
	}
	await writeStartHistory(file, recordAttempt(await readStartHistory(file), now())).catch((error: unknown) =>
		log.warn('Could not record the login attempt', { error })
	);

	let timer: NodeJS.Timeout | undefined;
	return {
		loggedIn() {
			timer = setTimeout(() => {
				void readStartHistory(file)
					.then((current) => writeStartHistory(file, recordStable(current)))
					.catch((error: unknown) => log.warn('Could not record a stable run', { error }));
			}, policy.stableAfterMs);
			timer.unref();
		},
		stop() {
			clearTimeout(timer);
		}
	};
}
