import { fileURLToPath } from 'node:url';
import type { InternationalizationContext, InternationalizationOptions } from '@sapphire/plugin-i18next';
import { LOCALES, type Locale } from '../lib/config/env.ts';

export const languagesDir = fileURLToPath(new URL('../languages/', import.meta.url));

/** Maps a Discord locale (e.g. `en-GB`) to a language we ship, or null when we ship none for it. */
export function supportedLocale(discordLocale: string | null | undefined): Locale | null {
	if (!discordLocale) return null;
	if ((LOCALES as readonly string[]).includes(discordLocale)) return discordLocale as Locale;
	const language = discordLocale.split('-')[0];
	return LOCALES.find((locale) => locale.split('-')[0] === language) ?? null;
}

/**
 * Ephemeral replies and DMs speak the member's language; public replies the guild's. Sapphire passes the
 * interaction's locales in the context; message targets carry only the guild.
 */
export function i18nOptions(defaultLocale: Locale): InternationalizationOptions {
	return {
		defaultName: defaultLocale,
		defaultLanguageDirectory: languagesDir,
		defaultNS: 'common',
		defaultMissingKey: 'common:missing',
		i18next: (_namespaces, languages) => ({
			supportedLngs: languages,
			fallbackLng: defaultLocale,
			preload: languages,
			returnNull: false,
			returnEmptyString: false,
			interpolation: { escapeValue: false },
			showSupportNotice: false
		}),
		fetchLanguage: (context: InternationalizationContext) =>
			supportedLocale(context.interactionLocale) ??
			supportedLocale(context.interactionGuildLocale) ??
			supportedLocale(context.guild?.preferredLocale) ??
			defaultLocale
	};
}
