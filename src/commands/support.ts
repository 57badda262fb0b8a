import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder } from '@sapphire/plugin-i18next';
import { InteractionContextType } from 'discord.js';
import { answerSupportStart } from '../bot/flows/tickets.ts';

/** `/support`: a topic menu (known answers first), then a private ticket with staff. One open ticket per member. */
export class SupportCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			applyDescriptionLocalizedBuilder(builder.setName('support'), 'tickets:commands.support').setContexts(InteractionContextType.Guild)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await answerSupportStart(interaction);
	}
}
