import { decodeDiagnosticText } from '../diagnostics/decode.ts';
import { splitCsvLine } from './csv.ts';
import { summarizeFrameTimes, type FrameTimeSummary } from './metrics.ts';

/** The capture formats FPSOS reads; each names the tool (and column set) that wrote the file. */
export type CaptureFormat = 'presentmon-2' | 'presentmon-2-v2-metrics' | 'presentmon-1' | 'ocat' | 'capframex';

export type CaptureRefusal = 'not_capture' | 'no_frames';

export interface CaptureReading extends FrameTimeSummary {
	format: CaptureFormat;
	application: string;
}

/** A run's frame times, kept beside its reading for the before/after chart. */
export interface Capture {
	reading: CaptureReading;
	frameTimesMs: Float64Array;
}

export type CaptureOutcome = { ok: true; capture: Capture } | { ok: false; reason: CaptureRefusal };

/** The game FPSOS tunes: when a capture holds it, it is the run that counts. */
const GAME = 'cs2.exe';
/** Windows' compositor presents in every capture; never the game. */
const COMPOSITOR = 'dwm.exe';

/**
 * Reads a frame-time capture: PresentMon 2.x (default, `--v1_metrics` and `--v2_metrics` columns), PresentMon 1.x,
 * OCAT and CapFrameX CSV. One definition everywhere: the application is cs2.exe when present, else the one with the
 * most rows other than dwm.exe; within it the swap chain with the most rows; the frame time is MsBetweenPresents (any
 * case) when the file has it, else FrameTime; rows without a number there are skipped.
 */
export function readCapture(input: Uint8Array): CaptureOutcome {
	// Captures run to tens of megabytes: read the bytes in place and turn into strings only the cells that are used.
	const bytes = utf8Bytes(input);
	const end = bytes.length;
	let position = 0;
	let commented = false;
	let header: string[] = [];
	while (position < end) {
		const [lineStart, lineEnd, next] = lineAt(bytes, position);
		position = next;
		const line = bytes.toString('utf8', lineStart, lineEnd);
		if (line.startsWith('//')) commented = true;
		else if (line.trim() !== '') {
			header = splitCsvLine(line).map((name) => name.trim());
			break;
		}
	}
	const columns = new Map(header.map((name, index) => [name.toLowerCase(), index]));
	const timeColumn = columns.get('msbetweenpresents') ?? columns.get('frametime');
	const appColumn = columns.get('application');
	if (timeColumn === undefined || appColumn === undefined) return { ok: false, reason: 'not_capture' };
	const swapColumn = columns.get('swapchainaddress') ?? -1;
	const last = Math.max(appColumn, swapColumn, timeColumn);

	// One pass: frame times by application, then swap chain (names kept as latin1 strings of their bytes).
	const runs = new Map<string, Map<string, number[]>>();
	let nextQuote = bytes.indexOf(QUOTE, position);
	while (position < end) {
		const [lineStart, lineEnd, next] = lineAt(bytes, position);
		position = next;
		if (lineStart === lineEnd) continue;
		let application: string;
		let swapChain = '';
		let ms: number;
		if (nextQuote !== -1 && nextQuote < lineEnd) {
			// OCAT's quoted system-information cells: the full CSV rules for this line.
			const fields = splitCsvLine(bytes.toString('latin1', lineStart, lineEnd));
			nextQuote = bytes.indexOf(QUOTE, lineEnd);
			if (fields.length <= last) continue;
			application = fields[appColumn]!;
			if (swapColumn >= 0) swapChain = fields[swapColumn]!;
			ms = Number(fields[timeColumn]);
		} else {
			application = '';
			ms = Number.NaN;
			let cellStart = lineStart;
			let column = 0;
			for (; column <= last; column += 1) {
				let cellEnd = bytes.indexOf(COMMA, cellStart);
				if (cellEnd === -1 || cellEnd > lineEnd) cellEnd = lineEnd;
				if (column === appColumn) application = bytes.toString('latin1', cellStart, cellEnd);
				if (column === swapColumn) swapChain = bytes.toString('latin1', cellStart, cellEnd);
				if (column === timeColumn) ms = parseDecimal(bytes, cellStart, cellEnd);
				if (cellEnd === lineEnd) break;
				cellStart = cellEnd + 1;
			}
			if (column < last) continue;
		}
		if (!(ms > 0) || !Number.isFinite(ms)) continue;
		let chains = runs.get(application);
		if (!chains) runs.set(application, (chains = new Map()));
		let times = chains.get(swapChain);
		if (!times) chains.set(swapChain, (times = []));
		times.push(ms);
	}
	const application = pickApplication(runs);
	if (application === undefined) return { ok: false, reason: 'no_frames' };
	const frameTimesMs = Float64Array.from(largest(runs.get(application)!.values()));
	const summary = summarizeFrameTimes(frameTimesMs.slice());
	const name = Buffer.from(application, 'latin1').toString('utf8');
	return {
		ok: true,
		capture: { reading: { format: formatOf(columns, header, commented), application: name, ...summary }, frameTimesMs }
	};
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** UTF-8 bytes without a byte-order mark; UTF-16 files (PowerShell's redirection) are decoded and re-encoded. */
function utf8Bytes(input: Uint8Array): Buffer {
	const [first, second, third] = input;
	if (first === UTF8_BOM[0] && second === UTF8_BOM[1] && third === UTF8_BOM[2])
		return Buffer.from(input.buffer, input.byteOffset + 3, input.byteLength - 3);
	const utf16 =
		(first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff) || (input.length >= 2 && (first === 0) !== (second === 0));
	if (utf16) return Buffer.from(decodeDiagnosticText(input), 'utf8');
	return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** The line starting at `start`: where it starts, where it ends (before CR/LF) and where the next one starts. */
function lineAt(bytes: Buffer, start: number): [number, number, number] {
	let newline = bytes.indexOf(NEWLINE, start);
	if (newline === -1) newline = bytes.length;
	const lineEnd = newline > start && bytes[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
	return [start, lineEnd, newline + 1];
}

/**
 * A cell of digits with at most one point, read without making a string; exact as Number() while it has at most 15
 * digits (an integer and a power of ten both exact, one correctly rounded division). Anything else goes to Number().
 */
function parseDecimal(bytes: Buffer, start: number, end: number): number {
	let value = 0;
	let scale = 0;
	let digits = 0;
	for (let i = start; i < end; i += 1) {
		const byte = bytes[i]!;
		if (byte >= 0x30 && byte <= 0x39) {
			value = value * 10 + (byte - 0x30);
			digits += 1;
			if (scale > 0) scale *= 10;
		} else if (byte === 0x2e && scale === 0) scale = 1;
		else return Number(bytes.toString('latin1', start, end));
	}
	if (digits === 0) return Number.NaN;
	if (digits > 15) return Number(bytes.toString('latin1', start, end));
	return scale > 1 ? value / scale : value;
}

function pickApplication(runs: Map<string, Map<string, number[]>>): string | undefined {
	for (const name of runs.keys()) if (name.toLowerCase() === GAME) return name;
	let best: string | undefined;
	let bestRows = 0;
	for (const [name, chains] of runs) {
		if (name.toLowerCase() === COMPOSITOR) continue;
		let rows = 0;
		for (const times of chains.values()) rows += times.length;
		if (rows > bestRows) [best, bestRows] = [name, rows];
	}
	return best;
}

function largest(runs: Iterable<number[]>): number[] {
	let best: number[] = [];
	for (const times of runs) if (times.length > best.length) best = times;
	return best;
}

/** OCAT writes system information in extra columns; PresentMon 1.x spells its columns in lower camel case. */
function formatOf(columns: Map<string, number>, header: string[], commented: boolean): CaptureFormat {
	if (commented) return 'capframex';
	if (columns.has('motherboard') || columns.has('processor')) return 'ocat';
	if (header.includes('msBetweenPresents')) return 'presentmon-1';
	if (!columns.has('msbetweenpresents')) return 'presentmon-2-v2-metrics';
	return 'presentmon-2';
}
