import { analyzeDiagnostic, type AnalysisResult } from '../diagnostics/analyze.ts';
import { decodeDiagnosticText } from '../diagnostics/decode.ts';
import { DIAGNOSTIC_SCHEMA, MAX_DIAGNOSTIC_BYTES } from '../diagnostics/limits.ts';
import { checkDeclaredSize, type RefusalReason } from '../diagnostics/refusal.ts';
import type { Db } from '../data/db.ts';
import { insertDiagnostic, type DiagnosticSource } from '../data/diagnostics.ts';
import { downloadLimited } from '../integrations/download.ts';

export interface UploadedFile {
	url: string;
	/** The file's name as uploaded: `.csv` is a frame-time capture. */
	name?: string;
	/** The size the attachment declares, checked before anything is downloaded. */
	size: number;
}

export type IntakeRefusal = RefusalReason | 'download_failed';
export type IntakeOutcome = { ok: true; diagnosticId: string; result: AnalysisResult } | { ok: false; reason: IntakeRefusal };

/** Postgres jsonb cannot hold U+0000; a member's file must not fail on it, so such characters are dropped. */
function parseForStorage(bytes: Uint8Array): unknown {
	return JSON.parse(decodeDiagnosticText(bytes), (_key, value: unknown) => (typeof value === 'string' ? value.replaceAll('\u0000', '') : value));
}

/**
 * A member's diagnostic file from upload to stored verdict: the declared size is checked before downloading, the
 * bytes again after; a refused file stores nothing.
 */
export async function takeInDiagnostic(db: Db, memberId: string, file: UploadedFile, source: DiagnosticSource): Promise<IntakeOutcome> {
	const early = checkDeclaredSize(file.size);
	if (early) return { ok: false, reason: early.reason };
	const download = await downloadLimited(file.url, MAX_DIAGNOSTIC_BYTES);
	if (!download.ok) return { ok: false, reason: download.reason === 'too_large' ? 'too_large' : 'download_failed' };
	const analysis = analyzeDiagnostic(download.bytes);
	if (!analysis.ok) return { ok: false, reason: analysis.reason };
	const diagnosticId = await insertDiagnostic(db, {
		memberId,
		source,
		raw: parseForStorage(download.bytes),
		fileBytes: download.bytes.byteLength,
		result: analysis.result,
		schemaVersion: DIAGNOSTIC_SCHEMA,
		toolVersion: analysis.result.facts.tool_version
	});
	return { ok: true, diagnosticId, result: analysis.result };
}
