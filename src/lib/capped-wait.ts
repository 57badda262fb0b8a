/**
 * How long a lookup may hold up an answer that has a deadline: every interaction looks up the member's language
 * before answering, and a modal must be Discord's first answer, within 3 s (round trips included). Past this the
 * answer goes out with the default (the member's Discord locale; the form, whose handler checks again).
 */
export const LOOKUP_CAP_MS = 500;

/**
 * Waits for `work` at most `ms`, then settles for `fallback`. For lookups that must not hold up an answer with a
 * deadline (a modal must be Discord's first response, within 3 s): the lookup goes on, its late result or error is
 * dropped. `onLate` hears when the cap was reached (for a log line).
 */
export async function cappedWait<T, F>(work: Promise<T>, ms: number, fallback: F, onLate?: () => void): Promise<T | F> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<F>((resolve) => {
		timer = setTimeout(() => {
			onLate?.();
			resolve(fallback);
		}, ms);
	});
	work.catch(() => undefined);
	try {
		return await Promise.race([work, late]);
	} finally {
		clearTimeout(timer);
	}
}
