import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { InteractionContextType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { renderMemberInfo } from '../bot/render/member-info.ts';
import { loadMemberHistory } from '../lib/data/member-history.ts';

/** `/member info member:` for staff (checked server side): a member's history with FPSOS. */
export class MemberCommand extends Command {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, preconditions: ['StaffOnly'] });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			applyDescriptionLocalizedBuilder(builder.setName('member'), 'staff-tools:commands.member.description')
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageThreads)
				.setContexts(InteractionContextType.Guild)
				.addSubcommand((sub) =>
					applyDescriptionLocalizedBuilder(sub.setName('info'), 'staff-tools:commands.member.info').addUserOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('member'), 'staff-tools:commands.member.member').setRequired(true)
					)
				)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		const user = interaction.options.getUser('member', true);
		const history = await loadMemberHistory(this.container.db, user.id);
		if (!history) return interaction.editReply({ content: t('staff-tools:info.notFound', { member: `<@${user.id}>` }), allowedMentions: { parse: [] } });
		return interaction.editReply(renderMemberInfo(t, user.id, history));
	}
}
