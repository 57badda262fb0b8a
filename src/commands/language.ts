import type { Command } from '@sapphire/framework';
import type { SlashCommandBuilder } from 'discord.js';
import { applyDescriptionLocalizedBuilder } from '@sapphire/plugin-i18next';
import { LOCALES } from '../lib/config/env.ts';
import { saveLanguage } from '../bot/member-language.ts';
import { privately } from '../bot/replies.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';

/**
 * `/language`: the language the bot speaks with this member (ephemeral replies and DMs). Discord has no Arabic
 * client locale, so this is how a member gets Arabic. Public replies keep the server's language.
 */
export class LanguageCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'commands:language.description';

	protected override build(builder: SlashCommandBuilder) {
		// Each choice is named in its own language (English, العربية), whatever the member's client speaks.
		const choices = LOCALES.map((locale) => ({ name: this.container.i18n.getT(locale)('language:name'), value: locale }));
		return builder.addStringOption((option) =>
			applyDescriptionLocalizedBuilder(option.setName('language'), 'commands:language.option')
				.setRequired(true)
				.addChoices(...choices)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const chosen = interaction.options.getString('language', true);
		const locale = LOCALES.find((candidate) => candidate === chosen);
		// Discord only sends the registered choices; anything else is not ours to store.
		if (!locale) return interaction.reply({ content: this.container.i18n.getT(LOCALES[0])('errors:generic'), ...privately(interaction) });
		await interaction.deferReply(privately(interaction));
		await saveLanguage(interaction.user, locale);
		return interaction.editReply({ content: this.container.i18n.getT(locale)('language:set') });
	}
}
