import type { Command } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type SlashCommandBuilder } from 'discord.js';
import { closeSession } from '../bot/features/booking/session.flow.ts';
import { currentBookingOf } from '../lib/data/sessions.ts';
import { StaffCommand, memberSubcommand } from '../bot/slash-command.ts';

/** `/session complete member:` and `/session no-show member:` for staff (checked server side). */
export class SessionCommand extends StaffCommand {
	protected readonly descriptionKey = 'commands:session.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder
			.addSubcommand(memberSubcommand('complete', 'commands:session.complete', 'commands:session.member'))
			.addSubcommand(memberSubcommand('no-show', 'commands:session.noShow', 'commands:session.member'));
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
