import { isPlainObject } from './coerce.ts';
import { decodeDiagnosticText } from './decode.ts';
import { nestsDeeperThan } from './depth.ts';
import { DIAGNOSTIC_SCHEMA, DIAGNOSTIC_SCHEMA_PREFIX, MAX_DIAGNOSTIC_BYTES, MAX_DIAGNOSTIC_DEPTH } from './limits.ts';
import { refuse, type DiagnosticRefusal } from './refusal.ts';
import { diagnosticSchema, sectionShapes, type Diagnostic } from './schema.ts';

export type ParseOutcome = { ok: true; diagnostic: Diagnostic } | DiagnosticRefusal;

const JSON_START = /^\s*[[{"\-\dtfn]/;
const SECTION_KEYS = [...Object.keys(sectionShapes), 'startup_apps'] as (keyof Diagnostic)[];

/**
 * Reads a diagnostic file's bytes into the typed contract. Never throws for anything a member can upload:
 * every problem is a refusal with a stable reason code.
 */
export function parseDiagnostic(bytes: Uint8Array): ParseOutcome {
	if (bytes.length > MAX_DIAGNOSTIC_BYTES) return refuse('too_large');
	const text = decodeDiagnosticText(bytes);
	// Not even the start of a JSON value (a screenshot, a text file): never call it "too deep".
	if (!JSON_START.test(text)) return refuse('not_json');
	if (nestsDeeperThan(text, MAX_DIAGNOSTIC_DEPTH)) return refuse('too_deep');

	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return refuse('not_json');
	}
	if (!isPlainObject(json) || !Object.hasOwn(json, 'schema')) return refuse('not_diagnostic');
	const { schema } = json;
	if (schema !== DIAGNOSTIC_SCHEMA) {
		const otherVersion = typeof schema === 'string' && schema.startsWith(DIAGNOSTIC_SCHEMA_PREFIX);
		return refuse(otherVersion ? 'unknown_schema_version' : 'not_diagnostic');
	}

	const parsed = diagnosticSchema.safeParse(json);
	if (!parsed.success) return refuse('invalid_values');
	if (!SECTION_KEYS.some((key) => hasValue(parsed.data[key]))) return refuse('no_sections');
	return { ok: true, diagnostic: parsed.data };
}

/** A section counts when it holds at least one usable value. */
function hasValue(value: unknown): boolean {
	if (value === undefined) return false;
	if (Array.isArray(value)) return value.some(hasValue);
	if (isPlainObject(value)) return Object.values(value).some((field) => field !== undefined);
	return true;
}
