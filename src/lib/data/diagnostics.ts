import type { QuickResult, QuickAnswers } from '../assessment/quick.ts';
import type { AnalysisResult } from '../diagnostics/analyze.ts';
import type { Queryable } from './db.ts';

export type DiagnosticSource = 'dm_attachment' | 'slash_upload' | 'modal_upload' | 'staff';

export interface StoredDiagnostic {
	memberId: string;
	source: DiagnosticSource;
	raw: unknown;
	fileBytes: number;
	result: AnalysisResult;
	schemaVersion: string;
	toolVersion: string | undefined;
}

/** Stores an accepted diagnostic: the raw file, the counts, the findings and the recommendation. */
export async function insertDiagnostic(db: Queryable, diagnostic: StoredDiagnostic): Promise<string> {
	const { result } = diagnostic;
	const [row] = await db.query<{ id: string }>(
		`insert into public.diagnostics
			(member_id, source, schema_version, tool_version, generated_at, rules_version, raw, file_bytes,
			 critical_count, warning_count, recommendation, findings, avg_fps)
		 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		 returning id`,
		[
			diagnostic.memberId,
			diagnostic.source,
			diagnostic.schemaVersion,
			diagnostic.toolVersion ?? null,
			new Date(result.facts.generated_at),
			String(result.rules_version),
			diagnostic.raw,
			diagnostic.fileBytes,
			result.critical,
			result.warnings,
			result.recommendation,
			result.findings,
			result.facts.avg_fps ?? null
		]
	);
	return row!.id;
}

export async function insertQuickAssessment(db: Queryable, memberId: string, answers: QuickAnswers, result: QuickResult): Promise<string> {
	const [row] = await db.query<{ id: string }>(
		`insert into public.quick_assessments (member_id, gpu, current_fps, refresh_hz, problems, recommendation, reasons)
		 values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		[memberId, answers.gpu, answers.fps, answers.refresh, answers.problems, result.recommendation, result.reasons]
	);
	return row!.id;
}
