import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags } from 'discord.js';
import { closeSession } from '../bot/flows/session.ts';
import { currentBookingOf } from '../lib/data/sessions.ts';
import { staffCommand, staffCommandScope } from '../bot/command-scope.ts';

/** `/session complete member:` and `/session no-show member:` for staff (checked server side). */
export class SessionCommand extends Command {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, preconditions: ['StaffOnly'] });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			staffCommand(applyDescriptionLocalizedBuilder(builder.setName('session'), 'commands:session.description'))
				.addSubcommand((sub) =>
					applyDescriptionLocalizedBuilder(sub.setName('complete'), 'commands:session.complete').addUserOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('member'), 'commands:session.member').setRequired(true)
					)
				)
				.addSubcommand((sub) =>
					applyDescriptionLocalizedBuilder(sub.setName('no-show'), 'commands:session.noShow').addUserOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('member'), 'commands:session.member').setRequired(true)
					)
				),
			staffCommandScope()
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		const user = interaction.options.getUser('member', true);
		const outcome = interaction.options.getSubcommand() === 'complete' ? 'complete' : 'no_show';
		const bookingId = await currentBookingOf(this.container.db, user.id, { forNoShow: outcome === 'no_show' });
		if (!bookingId) return interaction.editReply({ content: t('session:none', { member: `<@${user.id}>` }) });
		const { text } = await closeSession(t, bookingId, outcome, interaction.user.id);
		return interaction.editReply({ content: text });
	}
}
