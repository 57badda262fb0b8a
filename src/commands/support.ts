import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder } from '@sapphire/plugin-i18next';
import { answerSupportStart } from '../bot/features/tickets/flow.ts';
import { memberCommand } from '../bot/command-scope.ts';

/** `/support`: a topic menu (known answers first), then a private ticket with staff. One open ticket per member. */
export class SupportCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			memberCommand(applyDescriptionLocalizedBuilder(builder.setName('support'), 'tickets:commands.support'))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await answerSupportStart(interaction);
	}
}
