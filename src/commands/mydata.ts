import type { Command } from '@sapphire/framework';
import type { SlashCommandBuilder } from 'discord.js';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { AttachmentBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import { CUSTOM_ID_KINDS, customId } from '../lib/custom-ids.ts';
import { erasureWarnings, exportFile, exportMemberData } from '../lib/data/member-data.ts';
import { formatAed } from '../lib/money.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';
import { button, buttonRow } from '../bot/buttons.ts';

/** `/mydata export` sends the member a JSON file of everything stored about them; `/mydata delete` erases it. */
export class MyDataCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'commands:mydata.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder
			.addSubcommand((sub) => applyDescriptionLocalizedBuilder(sub.setName('export'), 'commands:mydata.export'))
			.addSubcommand((sub) => applyDescriptionLocalizedBuilder(sub.setName('delete'), 'commands:mydata.delete'));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		// Always ephemeral (also in DMs nobody else reads): this is personal data.
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		if (interaction.options.getSubcommand() === 'export') {
			const data = await exportMemberData(this.container.db, interaction.user.id);
			if (!data) return interaction.editReply({ content: t('mydata:export.nothing') });
			const file = new AttachmentBuilder(exportFile(data), { name: t('mydata:export.filename') });
			this.container.log.info('Member data exported', { user: interaction.user.id });
			return interaction.editReply({ content: t('mydata:export.done'), files: [file] });
		}
		const warnings = await erasureWarnings(this.container.db, interaction.user.id);
		if (!warnings) return interaction.editReply({ content: t('mydata:delete.nothing') });
		const lines = [
			t('mydata:delete.confirm'),
			warnings.upcoming > 0 ? t('mydata:delete.upcoming', { count: warnings.upcoming }) : null,
			Number(warnings.creditAed) > 0 ? t('mydata:delete.credit', { credit: formatAed(warnings.creditAed) }) : null,
			`**${t('mydata:delete.question')}**`
		].filter((line): line is string => line !== null);
		const confirm = buttonRow(button(customId(CUSTOM_ID_KINDS.myDataDelete), ButtonStyle.Danger, t('mydata:delete.button')));
		return interaction.editReply({ content: lines.join('\n\n'), components: [confirm] });
	}
}
