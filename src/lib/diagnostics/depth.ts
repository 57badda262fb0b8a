const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether JSON text nests objects and arrays deeper than `maxDepth`, found in one linear pass that skips string
 * contents. It runs before JSON.parse so that a file of a million `[` is refused without building anything, and
 * stops at the first level too deep. Malformed text is left for JSON.parse to refuse.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (inString) {
			if (code === BACKSLASH) i++;
			else if (code === QUOTE) inString = false;
		} else if (code === QUOTE) {
			inString = true;
		} else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
			if (++depth > maxDepth) return true;
		} else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
			depth--;
		}
	}
	return false;
}
