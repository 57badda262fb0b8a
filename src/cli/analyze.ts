import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
	analyzeDiagnostic,
	checkDeclaredSize,
	RULE_IDS,
	type AnalysisResult,
	type FindingDetails,
	type Recommendation,
	type RefusalReason,
	type RuleId,
	type Severity
} from '../lib/diagnostics/index.ts';
import { sourceDir } from '../lib/paths.ts';

/** Where `fpsos analyze` writes; each call is one line (or one block of lines) without its final newline. */
export interface AnalyzeIo {
	stdout: (s: string) => void;
	stderr: (s: string) => void;
}

/** The English texts, read straight from the bot's locale file so the CLI and the bot say the same thing. */
interface DiagnosticTexts {
	rules: Record<RuleId, { title: string; fix: string }>;
	refusals: Record<RefusalReason, string>;
	severity: Record<Severity, string>;
	recommendations: Record<Recommendation, string>;
}

const LOCALE_FILE = join(sourceDir, 'languages', 'en-US', 'diagnostics.json');

/**
 * `fpsos analyze <file> [--json]`: the bot's analyzer on a local file. Exit 0 with the result (one JSON object on
 * stdout with --json); exit 2 with one readable line on stderr and nothing on stdout when the file is not accepted.
 */
export async function runAnalyze(file: string, options: { json: boolean }, io: AnalyzeIo): Promise<number> {
	const texts = JSON.parse(await readFile(LOCALE_FILE, 'utf8')) as DiagnosticTexts;
	const read = await readDiagnosticFile(file);
	const outcome = read.ok ? analyzeDiagnostic(read.bytes) : read;
	if (!outcome.ok) {
		const problem = 'reason' in outcome ? texts.refusals[outcome.reason] : outcome.problem;
		io.stderr(`fpsos analyze: ${file}: ${problem}`);
		return 2;
	}
	io.stdout(options.json ? JSON.stringify(toJson(outcome.result)) : humanSummary(file, outcome.result, texts));
	return 0;
}

type ReadOutcome = { ok: true; bytes: Uint8Array } | { ok: false; reason: RefusalReason } | { ok: false; problem: string };

async function readDiagnosticFile(file: string): Promise<ReadOutcome> {
	try {
		const info = await stat(file);
		if (!info.isFile()) return { ok: false, problem: 'not a file.' };
		const tooLarge = checkDeclaredSize(info.size);
		if (tooLarge) return tooLarge;
		return { ok: true, bytes: await readFile(file) };
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return { ok: false, problem: 'no such file.' };
		if (code === 'EACCES' || code === 'EPERM') return { ok: false, problem: 'permission denied.' };
		return { ok: false, problem: 'the file cannot be read.' };
	}
}

function toJson(result: AnalysisResult) {
	return {
		recommendation: result.recommendation,
		critical: result.critical,
		warnings: result.warnings,
		findings: result.findings.map(({ id, severity, details }) => ({ id, severity, details }))
	};
}

function interpolate(template: string, values: FindingDetails): string {
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : placeholder));
}

function humanSummary(file: string, result: AnalysisResult, texts: DiagnosticTexts): string {
	const { facts } = result;
	const pc = [facts.os, facts.cpu, ...(facts.gpus ?? []), facts.ram_gb === undefined ? undefined : `${facts.ram_gb} GB RAM`]
		.filter(Boolean)
		.join(' | ');
	const taken = `${facts.generated_at.slice(0, 16).replace('T', ' ')} UTC`;
	const lines = [
		`FPSOS diagnostic: ${file}`,
		`Taken ${taken}${facts.tool_version ? ` with tool ${facts.tool_version}` : ''}${pc ? `: ${pc}` : ''}`,
		'',
		`Recommendation: ${result.recommendation} (${result.critical} critical, ${result.warnings} warning${result.warnings === 1 ? '' : 's'})`,
		texts.recommendations[result.recommendation]
	];
	const labelWidth = Math.max(...Object.values(texts.severity).map((label) => label.length)) + 2;
	for (const finding of result.findings) {
		const rule = texts.rules[finding.id];
		lines.push(
			'',
			`${texts.severity[finding.severity].padEnd(labelWidth)}${interpolate(rule.title, finding.details)}`,
			`${' '.repeat(labelWidth)}Fix: ${interpolate(rule.fix, finding.details)}`
		);
	}
	const unchecked = RULE_IDS.length - result.checked.length;
	lines.push(
		'',
		unchecked === 0
			? `Rules v${result.rules_version}: all ${RULE_IDS.length} checked.`
			: `Rules v${result.rules_version}: ${result.checked.length} of ${RULE_IDS.length} checked; the file has no data for the other ${unchecked}.`
	);
	return lines.join('\n');
}
