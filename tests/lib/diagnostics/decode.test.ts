import { describe, expect, test } from 'vitest';
import { decodeDiagnosticText } from '../../../src/lib/diagnostics/decode.ts';
import { accepted, diagnostic, utf8 } from './build.ts';

const GPU = 'NVIDIA GeForce\u00ae RTX 3070 \u2013 Radeon\u2122 \u00e9dition';
const text = JSON.stringify(diagnostic({ gpus: [{ name: GPU }] }), null, 2).replace(/\n/g, '\r\n');

function utf16le(value: string): Uint8Array {
	const bytes = new Uint8Array(value.length * 2);
	for (let i = 0; i < value.length; i++) {
		bytes[i * 2] = value.charCodeAt(i) & 0xff;
		bytes[i * 2 + 1] = value.charCodeAt(i) >> 8;
	}
	return bytes;
}

function swapPairs(bytes: Uint8Array): Uint8Array {
	const swapped = new Uint8Array(bytes.length);
	for (let i = 0; i < bytes.length; i += 2) {
		swapped[i] = bytes[i + 1]!;
		swapped[i + 1] = bytes[i]!;
	}
	return swapped;
}

/** windows-1252 for the characters used here (what Notepad writes when a file is saved as ANSI). */
const WINDOWS_1252: Record<string, number> = { '\u00ae': 0xae, '\u2013': 0x96, '\u2122': 0x99, '\u00e9': 0xe9 };
function windows1252(value: string): Uint8Array {
	return Uint8Array.from(value, (char) => WINDOWS_1252[char] ?? char.charCodeAt(0));
}

const withBom = (bom: number[], bytes: Uint8Array) => Uint8Array.from([...bom, ...bytes]);

describe('encodings PowerShell 5.1 and 7 write', () => {
	test.each<[string, Uint8Array]>([
		['UTF-8 without BOM (PowerShell 7)', utf8(text)],
		['UTF-8 with BOM (5.1 Set-Content -Encoding UTF8)', withBom([0xef, 0xbb, 0xbf], utf8(text))],
		['UTF-16 LE with BOM (5.1 Out-File and >)', withBom([0xff, 0xfe], utf16le(text))],
		['UTF-16 BE with BOM (5.1 -Encoding BigEndianUnicode)', withBom([0xfe, 0xff], swapPairs(utf16le(text)))],
		['UTF-16 LE without BOM', utf16le(text)],
		['windows-1252 (re-saved as ANSI)', windows1252(text)]
	])('%s keeps the non-ASCII GPU name', (_encoding, bytes) => {
		expect(accepted(bytes).facts.gpus).toEqual([GPU]);
	});

	test('windows-1252 bytes 0x80-0x9F are the windows-1252 characters, not C1 controls', () => {
		expect(decodeDiagnosticText(Uint8Array.from([0x80, 0x85, 0x93, 0x94, 0x99, 0x9f]))).toBe('\u20ac\u2026\u201c\u201d\u2122\u0178');
	});

	test('a UTF-8 BOM never reaches JSON.parse', () => {
		expect(decodeDiagnosticText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('{}');
	});
});
