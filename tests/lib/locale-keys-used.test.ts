import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

/**
 * Every translation key the code names exists in every language: a literal `'namespace:some.key'` anywhere in src
 * (t calls, key tables, command descriptions) must be a text, a plural base or a group in each locale, and a key
 * built at run time from a literal prefix (`` t(`tickets:close.${reason}`) ``) must name a group there. A typo or a
 * key added to one language only would otherwise reach a member as the raw key.
 */
const srcDir = new URL('../../src/', import.meta.url);
const languagesDir = new URL('../../src/languages/', import.meta.url);
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

const locales = readdirSync(languagesDir, { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name);
const namespaces = readdirSync(new URL('en-US/', languagesDir))
	.filter((name) => name.endsWith('.json'))
	.map((name) => name.slice(0, -5));

/** Every path in a locale: texts (and their plural bases) as 'text', objects as 'group'. */
function pathsOf(locale: string): Map<string, 'text' | 'group'> {
	const paths = new Map<string, 'text' | 'group'>();
	const walk = (value: unknown, path: string) => {
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			paths.set(path, 'group');
			for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
			return;
		}
		paths.set(path, 'text');
		const plural = PLURAL_SUFFIX.exec(path);
		if (plural) paths.set(path.slice(0, plural.index), 'text');
	};
	for (const namespace of namespaces) {
		const json = JSON.parse(readFileSync(new URL(`${locale}/${namespace}.json`, languagesDir), 'utf8')) as Record<string, unknown>;
		for (const [key, child] of Object.entries(json)) walk(child, `${namespace}:${key}`);
	}
	return paths;
}

function sourceFiles(dir: URL): URL[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		if (entry.isDirectory()) return entry.name === 'languages' ? [] : sourceFiles(new URL(`${entry.name}/`, dir));
		return entry.name.endsWith('.ts') ? [new URL(entry.name, dir)] : [];
	});
}

const ns = namespaces.map((name) => name.replace(/[-]/g, '\\-')).join('|');
/** A whole string literal that is a key: 'ns:a.b' or "ns:a" (not URLs, not custom ids: those are not in a known namespace). */
const LITERAL_KEY = new RegExp(`['"\`]((?:${ns}):[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)['"\`]`, 'g');
/** A key built from a literal prefix: `ns:a.b.${...}`. */
const PREFIX_KEY = new RegExp(`\`((?:${ns}):[A-Za-z0-9_.]*?)\\.?\\$\\{`, 'g');

const uses = sourceFiles(srcDir).flatMap((file) => {
	const text = readFileSync(file, 'utf8');
	const where = file.pathname.slice(srcDir.pathname.length);
	return [
		...[...text.matchAll(LITERAL_KEY)].map((match) => ({ key: match[1]!, kind: 'text' as const, where })),
		...[...text.matchAll(PREFIX_KEY)].map((match) => ({ key: match[1]!.replace(/\.$/, ''), kind: 'group' as const, where }))
	];
});

describe('translation keys named in the code', () => {
	test('the scan finds the keys the code uses', () => {
		expect(uses.filter((use) => use.kind === 'text').length).toBeGreaterThan(200);
		expect(uses.filter((use) => use.kind === 'group').length).toBeGreaterThan(5);
	});

	test.each(locales)('every key the code names exists in %s', (locale) => {
		const paths = pathsOf(locale);
		const missing = uses
			.filter(({ key, kind }) => {
				const found = paths.get(key);
				// A prefix like `chat:${...}` names the namespace itself.
				if (kind === 'group') return !key.endsWith(':') && found !== 'group';
				return found === undefined;
			})
			.map(({ key, where }) => `${key} (${where})`);
		expect([...new Set(missing)]).toEqual([]);
	});
});
