import { MAX_DIAGNOSTIC_BYTES } from './limits.ts';

/**
 * Why a file was not accepted. Each code is stable: the bot maps it to a translated message
 * (`diagnostics:refusals.<code>`) that tells the member how to get the right file.
 */
export const REFUSAL_REASONS = [
	'too_large',
	'not_json',
	'not_diagnostic',
	'unknown_schema_version',
	'no_sections',
	'too_deep',
	'invalid_values'
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface DiagnosticRefusal {
	ok: false;
	reason: RefusalReason;
}

export function refuse(reason: RefusalReason): DiagnosticRefusal {
	return { ok: false, reason };
}

/**
 * Checks the size an attachment declares before it is downloaded. Returns the refusal, or `null` when the
 * download may go ahead (the bytes are checked again once they arrive). A size that is not a finite number is
 * left to that second check.
 */
export function checkDeclaredSize(declaredBytes: number): DiagnosticRefusal | null {
	return Number.isFinite(declaredBytes) && declaredBytes > MAX_DIAGNOSTIC_BYTES ? refuse('too_large') : null;
}
