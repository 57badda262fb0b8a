import type { Command } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type SlashCommandBuilder } from 'discord.js';
import { renderMemberInfo } from '../bot/features/member-info/render.ts';
import { loadMemberHistory } from '../lib/data/member-history.ts';
import { StaffCommand, memberSubcommand } from '../bot/slash-command.ts';

/** `/member info member:` for staff (checked server side): a member's history with FPSOS. */
export class MemberCommand extends StaffCommand {
	protected readonly descriptionKey = 'staff-tools:commands.member.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder.addSubcommand(memberSubcommand('info', 'staff-tools:commands.member.info', 'staff-tools:commands.member.member'));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		const user = interaction.options.getUser('member', true);
		const history = await loadMemberHistory(this.container.db, user.id);
		if (!history)
			return interaction.editReply({ content: t('staff-tools:info.notFound', { member: `<@${user.id}>` }), allowedMentions: { parse: [] } });
		return interaction.editReply(renderMemberInfo(t, user.id, history));
	}
}
