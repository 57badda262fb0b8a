/**
 * Process warnings we know and accept, kept out of the JSON logs and the test output:
 * - UNSUPPORTED_LOCALE: Sapphire's i18n plugin warns that `ar` is not a Discord locale. We know: Discord has no
 *   Arabic client locale, so command texts are registered in English and members choose Arabic with /language.
 */
const KNOWN = new Set(['UNSUPPORTED_LOCALE']);

let installed = false;

/** The code of a warning, whichever of `process.emitWarning`'s two call forms was used. */
function codeOf(options: unknown, rest: unknown[]): unknown {
	if (typeof options === 'string') return rest[0];
	return options && typeof options === 'object' ? (options as { code?: unknown }).code : undefined;
}

/** Drops the known warnings from `process.emitWarning`; every other warning is emitted as before. Idempotent. */
export function quietKnownWarnings(): void {
	if (installed) return;
	installed = true;
	const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
	process.emitWarning = (warning: unknown, options?: unknown, ...rest: unknown[]) => {
		const code = codeOf(options, rest);
		if (typeof code === 'string' && KNOWN.has(code)) return;
		emit(warning, options, ...rest);
	};
}
