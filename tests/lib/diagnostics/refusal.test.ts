import { describe, expect, test } from 'vitest';
import {
	analyzeDiagnostic,
	checkDeclaredSize,
	MAX_DIAGNOSTIC_BYTES,
	MAX_DIAGNOSTIC_DEPTH,
	REFUSAL_REASONS,
	type RefusalReason
} from '../../../src/lib/diagnostics/index.ts';
import { accepted, bytesOf, diagnostic, fixture, utf8 } from './build.ts';

const valid = diagnostic({ memory: { modules: 2, total_gb: 32 } });

/** A valid diagnostic padded with spaces to exactly `size` bytes. */
function paddedTo(size: number): Uint8Array {
	const text = JSON.stringify(valid);
	return utf8(text + ' '.repeat(size - text.length));
}

/** A valid diagnostic whose deepest value sits `depth` levels down (the top-level object is level 1). */
function nestedTo(depth: number): Uint8Array {
	const arrays = depth - 1;
	const text = JSON.stringify(valid).replace(/}$/, `,"padding":${'['.repeat(arrays)}${']'.repeat(arrays)}}`);
	return utf8(text);
}

function reasonOf(bytes: Uint8Array): RefusalReason | 'accepted' {
	const outcome = analyzeDiagnostic(bytes);
	return outcome.ok ? 'accepted' : outcome.reason;
}

/** Files the bot refuses, by the reason it gives. */
const refused: [RefusalReason, string, Uint8Array][] = [
	['too_large', '1 MiB + 1 byte', paddedTo(MAX_DIAGNOSTIC_BYTES + 1)],
	['not_json', 'plain text', utf8('CPU: Ryzen 5 5600X, RAM: 16 GB')],
	['not_json', 'an empty file', new Uint8Array()],
	['not_json', 'a PNG screenshot', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
	['not_json', 'truncated JSON', utf8(JSON.stringify(valid).slice(0, 60))],
	['not_json', 'JSON with a trailing comma', utf8('{"schema": "fpsos-diagnostic/1",}')],
	['not_json', 'mismatched brackets', utf8('[{"a":[1,2}]')],
	['not_diagnostic', 'another JSON file', fixture('not-a-diagnostic.json')],
	['not_diagnostic', 'an empty object', utf8('{}')],
	['not_diagnostic', 'an array', utf8('[{"schema": "fpsos-diagnostic/1"}]')],
	['not_diagnostic', 'a JSON string', utf8('"fpsos-diagnostic/1"')],
	['not_diagnostic', 'a JSON number', utf8('42')],
	['not_diagnostic', 'null', utf8('null')],
	['not_diagnostic', 'a schema that is not ours', bytesOf({ ...valid, schema: 'https://json-schema.org/draft/2020-12/schema' })],
	['not_diagnostic', 'a schema that is not a string', bytesOf({ ...valid, schema: 1 })],
	[
		'not_diagnostic',
		'a schema only inherited through __proto__',
		utf8('{"__proto__": {"schema": "fpsos-diagnostic/1"}, "generated_at": "2026-01-12T10:00:00Z", "startup_apps": 3}')
	],
	['unknown_schema_version', 'fpsos-diagnostic/2', fixture('schema-v2.json')],
	['unknown_schema_version', 'fpsos-diagnostic/1.1', bytesOf({ ...valid, schema: 'fpsos-diagnostic/1.1' })],
	['no_sections', 'only schema and generated_at', bytesOf(diagnostic())],
	['no_sections', 'sections that hold nothing usable', fixture('no-sections.json')],
	[
		'no_sections',
		'only unknown keys and nulls',
		bytesOf(diagnostic({ os: { locale: 'en-US' }, memory: null, displays: [], startup_apps: 'many' }))
	],
	['too_deep', `nesting ${MAX_DIAGNOSTIC_DEPTH + 1} levels`, nestedTo(MAX_DIAGNOSTIC_DEPTH + 1)],
	['invalid_values', 'generated_at missing', bytesOf({ schema: 'fpsos-diagnostic/1', startup_apps: 3 })],
	['invalid_values', 'generated_at not a date', bytesOf({ ...valid, generated_at: 'today' })],
	['invalid_values', 'generated_at null', bytesOf({ ...valid, generated_at: null })]
];

describe('refusals', () => {
	test.each(refused)('%s: %s', (reason, _situation, bytes) => {
		expect(reasonOf(bytes)).toBe(reason);
	});

	test('every refusal reason has a case above', () => {
		expect(new Set(refused.map(([reason]) => reason))).toEqual(new Set(REFUSAL_REASONS));
	});
});

describe('size limit', () => {
	test('a valid file of exactly 1 MiB is accepted', () => {
		const bytes = paddedTo(MAX_DIAGNOSTIC_BYTES);
		expect(bytes.length).toBe(1_048_576);
		expect(accepted(bytes).recommendation).toBe('good');
	});

	test.each<[number, boolean]>([
		[0, false],
		[4_096, false],
		[1_048_576, false],
		[1_048_577, true],
		[25 * 1_048_576, true],
		[Number.NaN, false]
	])('a declared attachment size of %d bytes is refused before download: %s', (size, refused) => {
		expect(checkDeclaredSize(size)).toEqual(refused ? { ok: false, reason: 'too_large' } : null);
	});
});

describe('nesting depth', () => {
	test(`${MAX_DIAGNOSTIC_DEPTH} levels are accepted`, () => {
		expect(reasonOf(nestedTo(MAX_DIAGNOSTIC_DEPTH))).toBe('accepted');
	});

	test('brackets inside strings, escaped quotes included, do not count', () => {
		const name = `\\"${'['.repeat(200)}{{{`;
		const text = JSON.stringify(valid).replace(/}$/, `,"note":"${name}"}`);
		expect(reasonOf(utf8(text))).toBe('accepted');
	});

	test.each<[string, string]>([
		['[', '1 MiB of ['],
		['{"a":', '1 MiB of {"a":'],
		['[{', '1 MiB of [{']
	])('%j repeated to 1 MiB is refused quickly without throwing', (unit) => {
		const bytes = utf8(unit.repeat(Math.floor(MAX_DIAGNOSTIC_BYTES / unit.length)));
		const started = performance.now();
		expect(() => analyzeDiagnostic(bytes)).not.toThrow();
		expect(reasonOf(bytes)).toBe('too_deep');
		expect(performance.now() - started).toBeLessThan(1_000);
	});
});
