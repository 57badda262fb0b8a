import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { saveLanguage } from '../bot/member-language.ts';
import { renderWelcome } from '../bot/features/welcome/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { ButtonHandler } from '../bot/handlers.ts';

/**
 * The welcome's language button: stores the member's choice and shows the welcome again in that language, in
 * place (a DM or an ephemeral message is the member's own). On a message others can see, it answers privately.
 */
export class LanguageButtonHandler extends ButtonHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.language] as const;

	public override async run(interaction: ButtonInteraction, { value: locale }: DecodedCustomId<typeof CUSTOM_ID_KINDS.language>) {
		// Acknowledge first: the database write must not eat into Discord's 3 seconds.
		const own = !interaction.inGuild() || interaction.message.flags.has(MessageFlags.Ephemeral);
		await (own ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral }));
		await saveLanguage(interaction.user, locale);
		const t = this.container.i18n.getT(locale);
		if (own) return interaction.editReply(renderWelcome(t, interaction.user.displayName, { languageChoice: true }));
		return interaction.editReply({ content: t('language:set') });
	}
}
