import type { Command } from '@sapphire/framework';
import { answerSupportStart } from '../bot/features/tickets/flow.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';

/** `/support`: a topic menu (known answers first), then a private ticket with staff. One open ticket per member. */
export class SupportCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'tickets:commands.support';

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await answerSupportStart(interaction);
	}
}
