import type { Command } from '@sapphire/framework';
import type { SlashCommandBuilder } from 'discord.js';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { answerDiagnosticUpload } from '../bot/features/diagnostics/flow.ts';
import { privately } from '../bot/replies.ts';
import { renderDiagnosticIntro } from '../bot/features/diagnostics/render.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';

/** `/diagnostic start` explains the two ways; `/diagnostic upload file:` takes the tool's JSON file. */
export class DiagnosticCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'commands:diagnostic.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder
			.addSubcommand((sub) => applyDescriptionLocalizedBuilder(sub.setName('start'), 'commands:diagnostic.start'))
			.addSubcommand((sub) =>
				applyDescriptionLocalizedBuilder(sub.setName('upload'), 'commands:diagnostic.upload').addAttachmentOption((option) =>
					applyDescriptionLocalizedBuilder(option.setName('file'), 'commands:diagnostic.file').setRequired(true)
				)
			);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		if (interaction.options.getSubcommand() === 'upload') return this.upload(interaction);
		const t = await fetchT(interaction);
		return interaction.reply({ ...renderDiagnosticIntro(t), ...privately(interaction) });
	}

	private async upload(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply(privately(interaction));
		const file = interaction.options.getAttachment('file', true);
		const t = await fetchT(interaction);
		const reply = await answerDiagnosticUpload(
			t,
			interaction.user,
			{ url: file.url, size: file.size, name: file.name },
			'slash_upload',
			interaction.locale
		);
		await interaction.editReply(reply);
	}
}
