import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags } from 'discord.js';
import { renderMemberInfo } from '../bot/render/member-info.ts';
import { loadMemberHistory } from '../lib/data/member-history.ts';
import { staffCommand, staffCommandScope } from '../bot/command-scope.ts';

/** `/member info member:` for staff (checked server side): a member's history with FPSOS. */
export class MemberCommand extends Command {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, preconditions: ['StaffOnly'] });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			staffCommand(applyDescriptionLocalizedBuilder(builder.setName('member'), 'staff-tools:commands.member.description'))
				.addSubcommand((sub) =>
					applyDescriptionLocalizedBuilder(sub.setName('info'), 'staff-tools:commands.member.info').addUserOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('member'), 'staff-tools:commands.member.member').setRequired(true)
					)
				),
			staffCommandScope()
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
