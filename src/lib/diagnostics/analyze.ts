import { RULE_IDS, type Finding, type Recommendation, type RuleId } from './findings.ts';
import { parseDiagnostic } from './parse.ts';
import type { DiagnosticRefusal } from './refusal.ts';
import { RULES, RULES_VERSION } from './rules.ts';
import type { Diagnostic } from './schema.ts';
import { recommend } from './score.ts';

/** A few facts worth showing beside the findings (names are trimmed and at most 120 characters). */
export interface DiagnosticFacts {
	generated_at: string;
	tool_version?: string;
	os?: string;
	cpu?: string;
	gpus?: string[];
	ram_gb?: number;
	/** A benchmark's average FPS, when the file carries one (whole frames, 1-1000). */
	avg_fps?: number;
}

export interface AnalysisResult {
	recommendation: Recommendation;
	critical: number;
	warnings: number;
	/** Critical first, then in the order of the rules table. */
	findings: Finding[];
	/** The rules whose inputs were present, fired or not; the others were not evaluated. */
	checked: RuleId[];
	rules_version: number;
	facts: DiagnosticFacts;
}

export type AnalyzeOutcome = { ok: true; result: AnalysisResult } | DiagnosticRefusal;

const MAX_FACT_GPUS = 4;

/** Reads a diagnostic file's bytes and judges them. Never throws for user input. */
export function analyzeDiagnostic(bytes: Uint8Array): AnalyzeOutcome {
	const parsed = parseDiagnostic(bytes);
	return parsed.ok ? { ok: true, result: evaluateDiagnostic(parsed.diagnostic) } : parsed;
}

/** Runs rules v1 over a parsed diagnostic and applies the owner's scoring. */
export function evaluateDiagnostic(diagnostic: Diagnostic): AnalysisResult {
	const findings: Finding[] = [];
	const checked: RuleId[] = [];
	for (const rule of RULES) {
		const outcome = rule.evaluate(diagnostic);
		if (!outcome.evaluated) continue;
		checked.push(rule.id);
		if (outcome.details) findings.push({ id: rule.id, severity: rule.severity, details: outcome.details });
	}
	findings.sort((a, b) => severityRank(a) - severityRank(b) || RULE_IDS.indexOf(a.id) - RULE_IDS.indexOf(b.id));
	const critical = findings.filter((finding) => finding.severity === 'critical').length;
	const warnings = findings.length - critical;
	return {
		recommendation: recommend(critical, warnings),
		critical,
		warnings,
		findings,
		checked,
		rules_version: RULES_VERSION,
		facts: factsOf(diagnostic)
	};
}

function severityRank(finding: Finding): number {
	return finding.severity === 'critical' ? 0 : 1;
}

function factsOf(diagnostic: Diagnostic): DiagnosticFacts {
	const facts: DiagnosticFacts = { generated_at: diagnostic.generated_at.toISOString() };
	if (diagnostic.tool_version) facts.tool_version = diagnostic.tool_version;
	if (diagnostic.os?.name) facts.os = diagnostic.os.name;
	if (diagnostic.cpu?.name) facts.cpu = diagnostic.cpu.name;
	const gpus = (diagnostic.gpus ?? []).flatMap((gpu) => (gpu.name ? [gpu.name] : [])).slice(0, MAX_FACT_GPUS);
	if (gpus.length > 0) facts.gpus = gpus;
	if (diagnostic.memory?.total_gb !== undefined) facts.ram_gb = Math.round(diagnostic.memory.total_gb * 10) / 10;
	const fps = diagnostic.performance?.avg_fps;
	if (fps !== undefined && fps >= 1 && fps <= 1000) facts.avg_fps = Math.round(fps);
	return facts;
}
