import { ButtonBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import { LOCALES } from '../../../lib/config/env.ts';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import { colours } from '../../theme.ts';
import { button, buttonRow } from '../../buttons.ts';

/**
 * The welcome: what FPSOS does and the two ways in. Shown by DM on join, by `/fpsos` and `!fpsos`. With
 * `languageChoice` (the DM) it also offers the other languages, each button labelled in its own language.
 */
export function renderWelcome(t: TFunction, name: string, { languageChoice = false } = {}): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('welcome:title', { name }))
		.setDescription(t('welcome:description'))
		.setFooter({ text: t('welcome:footer') });
	const row = buttonRow(
		button(customId(CUSTOM_ID_KINDS.welcomeDiagnostic), ButtonStyle.Primary, t('welcome:buttons.diagnostic')),
		button(customId(CUSTOM_ID_KINDS.welcomePackages), ButtonStyle.Secondary, t('welcome:buttons.packages'))
	);
	if (languageChoice) {
		const current = (t as TFunction & { lng?: string }).lng;
		for (const other of LOCALES.filter((locale) => locale !== current)) {
			row.addComponents(
				new ButtonBuilder()
					.setCustomId(customId(CUSTOM_ID_KINDS.language, other))
					.setStyle(ButtonStyle.Secondary)
					.setEmoji('🌐')
					.setLabel(t('language:name', { lng: other }))
			);
		}
	}
	return { embeds: [embed], components: [row] };
}

/** The short public welcome for a member whose DMs are closed. */
export function renderWelcomeFallback(t: TFunction, userId: string): BaseMessageOptions {
	return { content: t('welcome:fallback', { mention: `<@${userId}>` }), allowedMentions: { users: [userId] } };
}
