/** Default time a driver wait gives the bot: generous, so a loaded CI machine does not flake. */
export const DEFAULT_WAIT_MS = 10_000;

export interface WaitSpec<T> {
	/** Returns the value when ready, throws to fail fast, or returns undefined to keep waiting. */
	readonly check: () => T | undefined;
	/** Calls `wake` whenever something relevant changed; returns an unsubscribe function. */
	readonly subscribe: (wake: () => void) => () => void;
	readonly timeoutMs: number;
	/** The error message on timeout (computed then, so it can show the latest state). */
	readonly onTimeout: () => string;
}

/** Waits for a condition driven by fake-Discord events (no polling, no fixed sleeps). */
export async function waitUntil<T>(spec: WaitSpec<T>): Promise<T> {
	const immediate = spec.check();
	if (immediate !== undefined) return immediate;
	return new Promise<T>((resolve, reject) => {
		let settled = false;
		const finish = (action: () => void): void => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			unsubscribe();
			action();
		};
		const timer = setTimeout(() => finish(() => reject(new Error(spec.onTimeout()))), spec.timeoutMs);
		const unsubscribe = spec.subscribe(() => {
			try {
				const value = spec.check();
				if (value !== undefined) finish(() => resolve(value));
			} catch (error) {
				finish(() => reject(error instanceof Error ? error : new Error(String(error))));
			}
		});
	});
}
