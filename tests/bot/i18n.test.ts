import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { guildLanguage, supportedLocale } from '../../src/bot/i18n.ts';

const srcDir = new URL('../../src/', import.meta.url);

function sourceFiles(dir: URL): URL[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		if (entry.isDirectory()) return entry.name === 'languages' ? [] : sourceFiles(new URL(`${entry.name}/`, dir));
		return entry.name.endsWith('.ts') ? [new URL(entry.name, dir)] : [];
	});
}

const files = sourceFiles(srcDir).map((file) => ({ where: file.pathname.slice(srcDir.pathname.length), text: readFileSync(file, 'utf8') }));
const where = (pattern: RegExp) =>
	files
		.filter(({ text }) => pattern.test(text))
		.map((file) => file.where)
		.sort();

/**
 * The server's `t` has one maker, `serverT()` in src/bot/i18n.ts: a `t` picked by language name happens only there
 * (and for the language a member has just chosen), and `fetchT`/`resolveKey` are asked about interactions and
 * messages, never about a guild.
 */
describe('one server t', () => {
	test('a t by language name is built only in src/bot/i18n.ts, and by /language for the language a member names', () => {
		expect(where(/\.getT\(/)).toEqual(['bot/i18n.ts', 'commands/language.ts', 'interaction-handlers/language-button.ts']);
		expect(where(/getFixedT\(/)).toEqual([]);
	});

	test('fetchT and resolveKey are never asked about a guild', () => {
		const asked = /\b(?:fetchT|resolveKey)\(\s*[\w.]*guild\b/i;
		expect(asked.test('await fetchT(interaction.guild)')).toBe(true);
		expect(asked.test('await fetchT(guild)')).toBe(true);
		expect(where(asked)).toEqual([]);
	});

	test('every place that posts in the server uses serverT', () => {
		expect(where(/\bserverT\(\)/).length).toBeGreaterThanOrEqual(8);
	});
});

describe("the server's language", () => {
	test.each([
		['en-US', 'en-US', 'en-US'],
		['en-US', 'en-GB', 'en-US'],
		['en-US', 'fr', 'en-US'],
		['en-US', null, 'en-US'],
		['ar', 'en-US', 'ar'],
		['ar', null, 'ar']
	] as const)('DEFAULT_LOCALE %s with a server in %s speaks %s', (defaultLocale, guildLocale, expected) => {
		expect(guildLanguage(defaultLocale, guildLocale)).toBe(expected);
	});

	test.each([
		['en-GB', 'en-US'],
		['ar', 'ar'],
		['ar-SA', 'ar'],
		['fr', null],
		[null, null]
	] as const)('Discord locale %s maps to %s', (discordLocale, expected) => {
		expect(supportedLocale(discordLocale)).toBe(expected);
	});
});
