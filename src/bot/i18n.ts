import { join } from 'node:path';
import { container } from '@sapphire/framework';
import type { InternationalizationContext, InternationalizationOptions } from '@sapphire/plugin-i18next';
import { Locale as DiscordLocale } from 'discord.js';
import type { TFunction } from 'i18next';
import { cappedWait, LOOKUP_CAP_MS } from '../lib/capped-wait.ts';
import { LOCALES, type Locale } from '../lib/config/env.ts';
import { sourceDir } from '../lib/paths.ts';
import { storedLocale } from './member-language.ts';
import { servedGuild } from './served-guild.ts';

/** src/languages, or dist/src/languages in the compiled build (`npm run build` copies the JSON files there). */
export const languagesDir = join(sourceDir, 'languages/');

/**
 * The language Discord's own texts are registered in (command descriptions): it must be a Discord locale, and
 * Discord has no Arabic one, so it is English whatever DEFAULT_LOCALE says.
 */
const COMMAND_LOCALE: Locale = 'en-US';

const discordLocales = new Set<string>(Object.values(DiscordLocale));

/** Maps a Discord locale (e.g. `en-GB`) to a language we ship, or null when we ship none for it. */
export function supportedLocale(discordLocale: string | null | undefined): Locale | null {
	if (!discordLocale) return null;
	if ((LOCALES as readonly string[]).includes(discordLocale)) return discordLocale as Locale;
	const language = discordLocale.split('-')[0];
	return LOCALES.find((locale) => locale.split('-')[0] === language) ?? null;
}

/**
 * The server's language. Discord cannot express every language we ship (it has no Arabic server locale), so a
 * DEFAULT_LOCALE that no Discord server could have (`ar`) is the owner saying which language the server speaks and
 * wins; otherwise the server's Discord locale counts when we ship it, else DEFAULT_LOCALE.
 */
export function guildLanguage(defaultLocale: Locale, discordGuildLocale: string | null | undefined): Locale {
	if (!discordLocales.has(defaultLocale)) return defaultLocale;
	return supportedLocale(discordGuildLocale) ?? defaultLocale;
}

/** The member's stored language, or null (none stored, one we do not ship, or the database cannot answer now). */
async function preferredLanguage(discordUserId: string): Promise<Locale | null> {
	try {
		const stored = await cappedWait(storedLocale(discordUserId), LOOKUP_CAP_MS, null, () =>
			container.log.warn('Member language lookup is slow; answering in their Discord locale', { capMs: LOOKUP_CAP_MS })
		);
		return supportedLocale(stored);
	} catch (error) {
		container.log.warn('Member language lookup failed; using their Discord locale', { error });
		return null;
	}
}

/** The guild the bot serves, if it is cached. */
function ourGuild() {
	return servedGuild();
}

/** The language of messages the bot posts on its own in the server (staff cards, public posts). */
export function serverLanguage(): Locale {
	return guildLanguage(container.config.DEFAULT_LOCALE, ourGuild()?.preferredLocale);
}

/**
 * `t` in the server's language, for what the bot posts in server channels (staff cards, public posts, panels): the
 * only way to build it (tests/bot/i18n.test.ts). Answers to an interaction or a message use `fetchT` on it instead.
 */
export function serverT(): TFunction {
	return container.i18n.getT(serverLanguage());
}

/** The language a member gets in what the bot sends them on its own (DMs): their choice, else the server's. */
export async function memberLanguage(discordUserId: string | null | undefined): Promise<Locale> {
	return (discordUserId ? await preferredLanguage(discordUserId) : null) ?? serverLanguage();
}

/** `t` in the member's language, for DMs and other messages the bot sends a member on its own. */
export async function memberT(discordUserId: string | null | undefined): Promise<TFunction> {
	return container.i18n.getT(await memberLanguage(discordUserId));
}

/**
 * Sapphire's language choice for `fetchT(target)`. Personal answers (interactions, which are ephemeral or DMs,
 * and messages in DMs) speak the member's language: the one they chose with `/language`, else their Discord
 * client's, else the server's. Messages in server channels and guild targets get the server's language.
 */
export async function chooseLanguage(defaultLocale: Locale, context: InternationalizationContext): Promise<Locale> {
	const server = guildLanguage(defaultLocale, context.interactionGuildLocale ?? context.guild?.preferredLocale);
	const personal = context.interactionLocale !== undefined || (context.guild === null && context.user !== null);
	if (!personal) return server;
	const preferred = context.user ? await preferredLanguage(context.user.id) : null;
	return preferred ?? supportedLocale(context.interactionLocale) ?? server;
}

export function i18nOptions(defaultLocale: Locale): InternationalizationOptions {
	return {
		defaultName: COMMAND_LOCALE,
		defaultLanguageDirectory: languagesDir,
		defaultNS: 'common',
		defaultMissingKey: 'common:missing',
		i18next: (_namespaces, languages) => ({
			supportedLngs: languages,
			// A key missing in one language shows the English text rather than the key itself.
			fallbackLng: COMMAND_LOCALE,
			preload: languages,
			returnNull: false,
			returnEmptyString: false,
			interpolation: { escapeValue: false },
			showSupportNotice: false
		}),
		fetchLanguage: (context: InternationalizationContext) => chooseLanguage(defaultLocale, context)
	};
}
