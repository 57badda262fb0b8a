import { decodeWindows1252 } from './windows-1252.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');

/**
 * Turns a diagnostic file's bytes into text, in whichever encoding PowerShell (or a customer's editor) wrote it:
 * UTF-8 with or without BOM, UTF-16 LE/BE with BOM (or without one, recognised by the zero byte beside the first
 * ASCII character), and, when the bytes are not valid UTF-8, windows-1252 (ANSI).
 */
export function decodeDiagnosticText(bytes: Uint8Array): string {
	const [first, second] = bytes;
	if (first === 0xff && second === 0xfe) return utf16le.decode(bytes);
	if (first === 0xfe && second === 0xff) return utf16be.decode(bytes);
	if (bytes.length >= 2 && first !== 0 && second === 0) return utf16le.decode(bytes);
	if (bytes.length >= 2 && first === 0 && second !== 0) return utf16be.decode(bytes);
	try {
		// The UTF-8 decoder drops a leading BOM by itself.
		return utf8.decode(bytes);
	} catch {
		return decodeWindows1252(bytes);
	}
}
