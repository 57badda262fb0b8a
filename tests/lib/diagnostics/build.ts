import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { analyzeDiagnostic, type AnalysisResult } from '../../../src/lib/diagnostics/index.ts';

/** Builders for diagnostic files in tests. */

export const GENERATED_AT = '2026-01-12T10:00:00Z';
const DAY_MS = 86_400_000;

/** A minimal valid diagnostic with the given sections. */
export function diagnostic(sections: Record<string, unknown> = {}): Record<string, unknown> {
	return { schema: 'fpsos-diagnostic/1', tool_version: '1.0.0', generated_at: GENERATED_AT, ...sections };
}

/** The calendar date `days` before GENERATED_AT (so the driver is `days` whole days old at generation time). */
export function daysBefore(days: number): string {
	return new Date(Date.parse(GENERATED_AT) - days * DAY_MS).toISOString().slice(0, 10);
}

export function utf8(text: string): Uint8Array {
	return new TextEncoder().encode(text);
}

export function bytesOf(value: unknown): Uint8Array {
	return utf8(JSON.stringify(value));
}

/** Analyzes bytes that must be accepted. */
export function accepted(bytes: Uint8Array): AnalysisResult {
	const outcome = analyzeDiagnostic(bytes);
	if (!outcome.ok) expect.fail(`refused as ${outcome.reason}`);
	return outcome.result;
}

export function analyze(value: unknown): AnalysisResult {
	return accepted(bytesOf(value));
}

export function fixture(name: string): Uint8Array {
	return readFileSync(new URL(`../../fixtures/diagnostics/${name}`, import.meta.url));
}
