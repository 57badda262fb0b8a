import type { Logger } from '../log.ts';

/**
 * Runs a job in this process shortly after start (`firstAfterMs`) and then every `everyMs`; a failure is logged as
 * `failure` and the next run still comes. The timers do not keep the process alive. Returns a stop function.
 */
export function repeatInProcess(
	job: () => Promise<unknown>,
	{ firstAfterMs, everyMs, log, failure }: { firstAfterMs: number; everyMs: number; log: Logger; failure: string }
): () => void {
	const run = () => {
		job().catch((error: unknown) => log.error(failure, { error }));
	};
	const first = setTimeout(run, firstAfterMs);
	const every = setInterval(run, everyMs);
	first.unref();
	every.unref();
	return () => {
		clearTimeout(first);
		clearInterval(every);
	};
}
