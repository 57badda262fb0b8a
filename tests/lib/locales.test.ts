import { readdirSync, readFileSync } from 'node:fs';
import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, test } from 'vitest';
import { LOCALES } from '../../src/lib/config/env.ts';

/**
 * The locale files in src/languages/<locale>/<namespace>.json: every language has every namespace and key of the
 * reference (en-US) and nothing more, the same placeholders for the same key, no empty text, balanced Unicode
 * isolates, and every placeholder value survives interpolation intact (Discord timestamps, mentions, AED amounts).
 *
 * Right-to-left languages (Arabic) wrap each inline placeholder in Unicode isolates, written `\u2068{{when}}\u2069`
 * in the JSON (a number with its Latin unit goes inside with it: `\u2068{{max_hz}} Hz\u2069`). Without them Discord
 * shows `AED 399`, `144 Hz` or a timestamp in the wrong order inside Arabic text, or takes a line that starts with
 * a mention for a left-to-right one. Not wrapped: placeholders inside `code` (members copy those), URLs (`voice`),
 * whole blocks and free text (`list`, `feedback`, `description`, `joined`), names of threads and files, and the
 * stats chart, which is drawn with a font that has no Arabic letters and so stays in English.
 */
const languagesDir = new URL('../../src/languages/', import.meta.url);
const REFERENCE = 'en-US';
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([^},\s]+)[^}]*\}\}/g;
const ISOLATE_OPEN = /[\u2066\u2067\u2068]/g;
const ISOLATE_CLOSE = /\u2069/g;

const RTL = new Set(['ar']);
const UNISOLATED_PLACEHOLDERS = new Set(['voice', 'list', 'joined', 'feedback', 'description']);
const UNISOLATED_KEYS = [/^booking:thread\.name$/, /^tickets:thread\.name$/, /^tickets:transcript\./, /^mydata:export\.filename$/, /^stats:chart\./];

type Flat = Map<string, string>;

const folders = readdirSync(languagesDir, { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name)
	.sort();
const namespacesOf = (locale: string) =>
	readdirSync(new URL(`${locale}/`, languagesDir))
		.filter((name) => name.endsWith('.json'))
		.map((name) => name.slice(0, -5))
		.sort();
const others = folders.filter((locale) => locale !== REFERENCE);

function read(locale: string, namespace: string): Record<string, unknown> {
	return JSON.parse(readFileSync(new URL(`${locale}/${namespace}.json`, languagesDir), 'utf8')) as Record<string, unknown>;
}

function flatten(value: unknown, prefix = '', into: Flat = new Map()): Flat {
	if (typeof value === 'string') into.set(prefix, value);
	else if (value && typeof value === 'object' && !Array.isArray(value)) {
		for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
	} else into.set(prefix, `<not a string: ${JSON.stringify(value)}>`);
	return into;
}

const placeholders = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!));
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((item) => b.has(item));
const show = (set: Set<string>) => `{${[...set].sort().join(', ')}}`;
const pluralCategories = (locale: string) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories.map(String).sort();

/** Keys grouped by their base: `messages_one` and `messages_other` are the plural forms of `messages`. */
function groups(flat: Flat): Map<string, Map<string, string>> {
	const grouped = new Map<string, Map<string, string>>();
	for (const [key, text] of flat) {
		const match = PLURAL_SUFFIX.exec(key);
		const base = match ? key.slice(0, match.index) : key;
		const forms = grouped.get(base) ?? new Map<string, string>();
		forms.set(match ? match[1]! : '', text);
		grouped.set(base, forms);
	}
	return grouped;
}

/** What differs between the reference and another language for one namespace: one readable line per problem. */
function compareNamespace(namespace: string, reference: Flat, other: Flat, locale: string): string[] {
	const problems: string[] = [];
	const ref = groups(reference);
	const oth = groups(other);
	for (const base of ref.keys()) if (!oth.has(base)) problems.push(`${namespace}:${base} is missing in ${locale}`);
	for (const base of oth.keys()) if (!ref.has(base)) problems.push(`${namespace}:${base} exists in ${locale} but not in ${REFERENCE}`);
	for (const [base, refForms] of ref) {
		const othForms = oth.get(base);
		if (!othForms) continue;
		const refOther = refForms.get('other') ?? refForms.get('');
		const expected = placeholders(refOther ?? '');
		const allowed = new Set([...refForms.values()].flatMap((text) => [...placeholders(text)]));
		const plural = [...othForms.keys()].some(Boolean);
		if (plural) {
			const missing = pluralCategories(locale).filter((category) => !othForms.has(category));
			if (missing.length > 0) problems.push(`${namespace}:${base} in ${locale} has plural forms but lacks _${missing.join(', _')}`);
			if (othForms.has('')) problems.push(`${namespace}:${base} in ${locale} mixes a plain key with plural forms`);
		} else if ([...refForms.keys()].some(Boolean)) {
			problems.push(`${namespace}:${base} has plural forms in ${REFERENCE}: ${locale} needs _${pluralCategories(locale).join(', _')}`);
		}
		const main = othForms.get('other') ?? othForms.get('');
		if (main !== undefined && !sameSet(placeholders(main), expected)) {
			problems.push(`${namespace}:${base} placeholders differ: ${REFERENCE} ${show(expected)}, ${locale} ${show(placeholders(main))}`);
		}
		for (const [form, text] of othForms) {
			const unknown = [...placeholders(text)].filter((name) => !allowed.has(name));
			if (unknown.length > 0)
				problems.push(
					`${namespace}:${base}${form ? `_${form}` : ''} in ${locale} uses placeholders ${REFERENCE} does not: ${unknown.join(', ')}`
				);
		}
	}
	return problems;
}

/** Empty texts and unbalanced isolates (an unclosed U+2068 would reorder the rest of the line in Discord). */
function textProblems(namespace: string, flat: Flat, locale: string): string[] {
	const problems: string[] = [];
	for (const [key, text] of flat) {
		if (text.replace(/[\s\u2066-\u2069]/g, '') === '') problems.push(`${locale}/${namespace}:${key} is empty`);
		if (text.startsWith('<not a string')) problems.push(`${locale}/${namespace}:${key} is ${text}`);
		let depth = 0;
		for (const char of text) {
			if (/[\u2066\u2067\u2068]/.test(char)) depth++;
			if (char === '\u2069' && --depth < 0) break;
		}
		const opened = text.match(ISOLATE_OPEN)?.length ?? 0;
		const closed = text.match(ISOLATE_CLOSE)?.length ?? 0;
		if (depth !== 0 || opened !== closed)
			problems.push(`${locale}/${namespace}:${key} has unbalanced Unicode isolates (${opened} opened, ${closed} closed)`);
	}
	return problems;
}

/** Placeholders of a right-to-left text that are not inside an isolate (outside code spans and the exceptions). */
function unisolated(namespace: string, flat: Flat): string[] {
	const problems: string[] = [];
	for (const [key, text] of flat) {
		if (UNISOLATED_KEYS.some((pattern) => pattern.test(`${namespace}:${key}`)) || /^\{\{[^}]+\}\}$/.test(text)) continue;
		let depth = 0;
		let code = false;
		for (let index = 0; index < text.length; index++) {
			const char = text[index]!;
			if (char === '`') code = !code;
			else if (/[\u2066\u2067\u2068]/.test(char)) depth++;
			else if (char === '\u2069') depth--;
			const name = /^\{\{\s*([^},\s]+)[^}]*\}\}/.exec(text.slice(index))?.[1];
			if (name && !code && depth === 0 && !UNISOLATED_PLACEHOLDERS.has(name))
				problems.push(`${namespace}:${key}: {{${name}}} is not wrapped in \\u2068...\\u2069`);
		}
	}
	return problems;
}

describe('locale files', () => {
	test('every language the bot accepts has a folder, and every folder is a language the bot accepts', () => {
		expect(folders).toEqual([...LOCALES].sort());
	});

	test.each(others)('%s has exactly the namespaces of en-US', (locale) => {
		expect(namespacesOf(locale)).toEqual(namespacesOf(REFERENCE));
	});

	const pairs = others.flatMap((locale) =>
		[...new Set([...namespacesOf(REFERENCE), ...namespacesOf(locale)])].map((namespace) => [locale, namespace] as const)
	);
	test.each(pairs)('%s/%s: same keys and placeholders as en-US, no empty text', (locale, namespace) => {
		const exists = (lng: string) => namespacesOf(lng).includes(namespace);
		const reference = exists(REFERENCE) ? flatten(read(REFERENCE, namespace)) : new Map<string, string>();
		const other = exists(locale) ? flatten(read(locale, namespace)) : new Map<string, string>();
		const problems = [
			...(exists(locale) ? [] : [`${locale}/${namespace}.json is missing`]),
			...(exists(REFERENCE) ? [] : [`${REFERENCE}/${namespace}.json is missing`]),
			...compareNamespace(namespace, reference, other, locale),
			...textProblems(namespace, reference, REFERENCE),
			...textProblems(namespace, other, locale),
			...(RTL.has(locale) ? unisolated(namespace, other) : [])
		];
		expect(problems).toEqual([]);
	});
});

describe('the key check itself', () => {
	const flat = (entries: Record<string, string>): Flat => new Map(Object.entries(entries));

	test.each([
		['a key only in en-US', { a: 'x', b: 'y' }, { a: 'س' }, 'ns:b is missing in ar'],
		['a key only in ar', { a: 'x' }, { a: 'س', b: 'ص' }, 'ns:b exists in ar but not in en-US'],
		[
			'a placeholder dropped',
			{ a: 'On {{when}} for {{price}}' },
			{ a: 'في \u2068{{when}}\u2069' },
			'ns:a placeholders differ: en-US {price, when}, ar {when}'
		],
		['a placeholder renamed', { a: '{{name}}' }, { a: '{{nom}}' }, 'ns:a placeholders differ: en-US {name}, ar {nom}'],
		[
			'plural forms in en-US only',
			{ n_one: '{{count}} message', n_other: '{{count}} messages' },
			{ n: '{{count}} رسالة' },
			'ns:n has plural forms in en-US: ar needs _few, _many, _one, _other, _two, _zero'
		],
		[
			'incomplete Arabic plural forms',
			{ n: '{{count}} d' },
			{ n_one: 'يوم', n_other: '{{count}} يوم' },
			'ns:n in ar has plural forms but lacks _few, _many, _two, _zero'
		]
	])('finds %s', (_situation, en, ar, problem) => {
		expect(compareNamespace('ns', flat(en), flat(ar), 'ar')).toContain(problem);
	});

	test('accepts Arabic plural forms that spell out one and two without the number', () => {
		const ar = {
			n_zero: 'لا رسائل',
			n_one: 'رسالة واحدة',
			n_two: 'رسالتان',
			n_few: '{{count}} رسائل',
			n_many: '{{count}} رسالة',
			n_other: '{{count}} رسالة'
		};
		expect(compareNamespace('ns', flat({ n_one: '{{count}} message', n_other: '{{count}} messages' }), flat(ar), 'ar')).toEqual([]);
	});

	test('finds a placeholder an Arabic text leaves unisolated, and accepts one in code or with its unit', () => {
		const ar = flat({ a: 'في {{when}}', b: 'اكتب `/book code:{{code}}`', c: '\u2068{{max_hz}} Hz\u2069', d: '{{price}}' });
		expect(unisolated('ns', ar)).toEqual(['ns:a: {{when}} is not wrapped in \\u2068...\\u2069']);
	});

	test.each([
		['an empty text', { a: '  ' }, 'ar/ns:a is empty'],
		['only isolates', { a: '\u2068\u2069' }, 'ar/ns:a is empty'],
		['an unclosed isolate', { a: 'في \u2068{{when}}' }, 'ar/ns:a has unbalanced Unicode isolates (1 opened, 0 closed)'],
		['a close before its open', { a: '\u2069{{when}}\u2068' }, 'ar/ns:a has unbalanced Unicode isolates (1 opened, 1 closed)']
	])('finds %s', (_situation, ar, problem) => {
		expect(textProblems('ns', flat(ar), 'ar')).toContain(problem);
	});
});

describe('interpolation', () => {
	/** Values as the bot passes them: Discord timestamps and mentions, AED amounts, names with Latin letters. */
	const sample = (name: string) => `<t:1767258000:F> <@123456789012345678> AED 1,234.50 ${name}`;
	const translators = new Map<string, TFunction>();

	beforeAll(async () => {
		for (const locale of folders) {
			const instance = createInstance();
			const resources = Object.fromEntries(namespacesOf(locale).map((namespace) => [namespace, read(locale, namespace)]));
			// The options the bot gives i18next (src/bot/i18n.ts): no HTML escaping, no fallback hiding a gap.
			await instance.init({
				lng: locale,
				resources: { [locale]: resources },
				interpolation: { escapeValue: false },
				returnNull: false,
				showSupportNotice: false
			});
			translators.set(locale, instance.getFixedT(locale));
		}
	});

	const cases = folders.flatMap((locale) => namespacesOf(locale).map((namespace) => [locale, namespace] as const));

	test.each(cases)('%s/%s keeps every value intact, whatever the count', (locale, namespace) => {
		const t = translators.get(locale)!;
		const rules = new Intl.PluralRules(locale);
		const problems: string[] = [];
		for (const [base, forms] of groups(flatten(read(locale, namespace)))) {
			const names = new Set([...forms.values()].flatMap((text) => [...placeholders(text)]));
			const values = Object.fromEntries([...names].filter((name) => name !== 'count').map((name) => [name, sample(name)]));
			const plural = !forms.has('');
			const counts = plural || names.has('count') ? [0, 1, 2, 3, 11, 100, 1234] : [undefined];
			for (const count of counts) {
				const options: Record<string, unknown> = count === undefined ? values : { ...values, count };
				const text = t(`${namespace}:${base}`, options);
				const form = plural ? forms.get(rules.select(count ?? 0)) : forms.get('');
				const where = `${namespace}:${base}${count === undefined ? '' : ` (count ${count})`}`;
				if (form === undefined) problems.push(`${where}: no form for ${rules.select(count ?? 0)}`);
				if (/\{\{|\}\}/.test(text)) problems.push(`${where}: a placeholder was left in "${text}"`);
				if (text.trim() === '') problems.push(`${where}: empty`);
				for (const name of placeholders(form ?? '')) {
					if (!text.includes(name === 'count' ? String(count) : sample(name)))
						problems.push(`${where}: the value of {{${name}}} did not survive: "${text}"`);
				}
			}
		}
		expect(problems).toEqual([]);
	});
});
