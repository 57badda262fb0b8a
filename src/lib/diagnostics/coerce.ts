import { z } from 'zod';
import { parseDiagnosticDate } from './dates.ts';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * zod building blocks that accept what PowerShell really writes: numbers as strings ("16", "2133.0000001"),
 * booleans as "True"/"False" or 0/1, several date forms, and a one-element array that arrived as a bare object.
 * A value that still does not fit becomes `undefined`, so one broken probe only hides the rules that need it.
 */

const NUMBER_TEXT = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?$/i;
const TRUE_TEXT = new Set(['true', '1', 'yes', 'on']);
const FALSE_TEXT = new Set(['false', '0', 'no', 'off']);
const MAX_TEXT_LENGTH = 120;

function toNumber(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	return NUMBER_TEXT.test(text) ? Number(text.replace(',', '.')) : value;
}

function toBoolean(value: unknown): unknown {
	if (value === 1 || value === 0) return value === 1;
	if (typeof value !== 'string') return value;
	const text = value.trim().toLowerCase();
	if (TRUE_TEXT.has(text)) return true;
	if (FALSE_TEXT.has(text)) return false;
	return value;
}

function toDate(value: unknown): unknown {
	if (typeof value === 'string') return parseDiagnosticDate(value) ?? value;
	if (typeof value === 'number') return new Date(value);
	return value;
}

function toText(value: unknown): unknown {
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') return value;
	// Control characters and runs of spaces (WMI pads names) never reach a message.
	const text = value.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
	return text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH - 1)}\u2026` : text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toObjectList(value: unknown): unknown {
	if (isPlainObject(value)) return [value];
	return Array.isArray(value) ? value.filter(isPlainObject) : value;
}

/** A field that is simply absent when its value is missing, null or unusable. */
function lenient<T extends z.ZodType>(schema: T) {
	return schema.optional().catch(undefined);
}

export const strictDate = z.preprocess(toDate, z.date());
export const date = lenient(strictDate);
export const count = lenient(z.preprocess(toNumber, z.number().int().nonnegative()));
export const amount = lenient(z.preprocess(toNumber, z.number().nonnegative()));
export const flag = lenient(z.preprocess(toBoolean, z.boolean()));
export const text = lenient(z.preprocess(toText, z.string().min(1)));

/** An optional section: an object whose unknown keys are dropped; anything else (e.g. a string) is absent. */
export function section<T extends z.ZodRawShape>(shape: T) {
	return lenient(z.object(shape));
}

/** An optional list of objects that may have arrived as one bare object. */
export function sectionList<T extends z.ZodRawShape>(shape: T) {
	return lenient(z.preprocess(toObjectList, z.array(z.object(shape))));
}
