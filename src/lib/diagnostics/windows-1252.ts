/**
 * What bytes 0x80-0x9F mean in windows-1252 (the WHATWG table; the five unassigned bytes keep their C1 code
 * point). Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 and gets exactly this range wrong
 * ("\x99" instead of "\u2122"), so the range is mapped here.
 */
const HIGH_CONTROL_RANGE = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c,
	0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

const utf16 = new TextDecoder('utf-16le');

/** Decodes an ANSI (windows-1252) file, as a customer's editor may re-save the diagnostic. */
export function decodeWindows1252(bytes: Uint8Array): string {
	const units = new Uint16Array(bytes.length);
	for (let i = 0; i < bytes.length; i++) {
		const byte = bytes[i]!;
		units[i] = byte >= 0x80 && byte <= 0x9f ? HIGH_CONTROL_RANGE[byte - 0x80]! : byte;
	}
	return utf16.decode(units);
}
