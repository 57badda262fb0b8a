import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessagePayload, Options, type APIModalInteractionResponseCallbackData, type BaseMessageOptions, type ModalBuilder } from 'discord.js';
import { createInstance, type InitOptions, type ResourceLanguage, type TFunction } from 'i18next';
import { i18nOptions, languagesDir } from '../../src/bot/i18n.ts';
import type { Locale } from '../../src/lib/config/env.ts';
import { validateBody } from './fake-discord/validation.ts';
import { describeIssue } from './fake-discord/validation/issues.ts';

/**
 * Renderer unit tests: the bot's `t` (real i18next with the bot's options and the locale files in src/languages),
 * and what Discord would say about a rendered message or modal (the fake Discord's checks of Discord's limits:
 * content 2000, embeds, components, custom ids 100...).
 */
const languages = readdirSync(languagesDir, { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name);
const namespaces = readdirSync(join(languagesDir, 'en-US'))
	.filter((name) => name.endsWith('.json'))
	.map((name) => name.slice(0, -5));

const resources = Object.fromEntries(
	languages.map((language) => [
		language,
		Object.fromEntries(
			namespaces.map((namespace) => [
				namespace,
				JSON.parse(readFileSync(join(languagesDir, language, `${namespace}.json`), 'utf8')) as ResourceLanguage
			])
		)
	])
);

const i18n = createInstance();
/** The bot's i18next options (src/bot/i18n.ts builds them from the languages found). */
const botOptions = i18nOptions('en-US').i18next as (namespaces: string[], languages: string[]) => InitOptions;

await i18n.init({
	...botOptions(namespaces, languages),
	ns: namespaces,
	defaultNS: 'common',
	resources,
	// A key no language has would reach a member as the bare key: make it unmistakable here.
	parseMissingKeyHandler: (key: string) => `MISSING(${key})`
});

/** `t` in one of the bot's languages, as the bot builds it. */
export function tIn(locale: Locale): TFunction {
	return i18n.getFixedT(locale);
}

export const LOCALES_UNDER_TEST = ['en-US', 'ar'] as const satisfies readonly Locale[];

/** The JSON body discord.js sends for these message options. */
export function messageBody(options: BaseMessageOptions): Record<string, unknown> {
	const payload = MessagePayload.create({ client: { options: Options.createDefault() } } as never, options).resolveBody();
	return payload.body as Record<string, unknown>;
}

/** What Discord would refuse in this message (none when it is fine), one readable line each. */
export function messageProblems(options: BaseMessageOptions): string[] {
	return validateBody('message-create', messageBody(options), options.files?.length ?? 0).map(describeIssue);
}

/** What Discord would refuse in this modal (none when it is fine). */
export function modalProblems(modal: ModalBuilder | APIModalInteractionResponseCallbackData): string[] {
	return validateBody('interaction-callback', { type: 9, data: 'toJSON' in modal ? modal.toJSON() : modal }).map(describeIssue);
}

/** The text a member reads: content, embed titles, descriptions, fields and footers, and button labels. */
export function textOf(options: BaseMessageOptions): string {
	const body = messageBody(options) as {
		content?: string;
		embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[];
		components?: { components?: { label?: string }[] }[];
	};
	return [
		body.content,
		...(body.embeds ?? []).flatMap((embed) => [
			embed.title,
			embed.description,
			...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
			embed.footer?.text
		]),
		...(body.components ?? []).flatMap((row) => (row.components ?? []).map((component) => component.label))
	]
		.filter((part): part is string => typeof part === 'string')
		.join('\n');
}

/** Custom ids in a message's components. */
export function customIdsOf(options: BaseMessageOptions): string[] {
	const body = messageBody(options) as { components?: { custom_id?: string; components?: { custom_id?: string }[] }[] };
	return (body.components ?? [])
		.flatMap((row) => [row.custom_id, ...(row.components ?? []).map((component) => component.custom_id)])
		.filter((id): id is string => typeof id === 'string');
}

/** Matches a key no language has, or a placeholder left unfilled. */
export const UNTRANSLATED = /MISSING\(|\{\{/;
