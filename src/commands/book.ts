import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { answerBook } from '../bot/flows/booking-link.ts';
import { privately } from '../bot/replies.ts';
import { renderBookingChoices } from '../bot/render/packages.ts';
import { listActivePackages } from '../lib/data/packages.ts';

/** `/book [package]`: the member's personal booking link, or one button per package. */
export class BookCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			applyDescriptionLocalizedBuilder(builder.setName('book'), 'commands:book.description').addStringOption((option) =>
				applyDescriptionLocalizedBuilder(option.setName('package'), 'commands:book.package')
					.setRequired(false)
					.addChoices(
						{ name: 'Quick Fix', value: 'quick' },
						{ name: 'Full Tune-Up', value: 'full' },
						{ name: 'Extreme BIOSPRIME', value: 'extreme' },
						{ name: 'Re-optimisation', value: 'reoptimize' }
					)
			)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply(privately(interaction));
		const t = await fetchT(interaction);
		const code = interaction.options.getString('package');
		if (code) return interaction.editReply(await answerBook(t, interaction.user, code, interaction.user.displayName));
		return interaction.editReply(renderBookingChoices(t, await listActivePackages(this.container.db)));
	}
}
