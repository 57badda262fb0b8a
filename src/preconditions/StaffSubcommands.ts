import { AllFlowsPrecondition, type Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { interactionIsStaff } from '../bot/staff.ts';

/** The subcommands of a command open to everyone that only staff may run. */
export interface StaffSubcommandsContext extends Precondition.Context {
	subcommands: readonly string[];
}

/**
 * Server-side staff check for some subcommands of a command everyone may use (`/credits redeem`): declared on the
 * command, so `fpsos capabilities` and the README's table show who may run each subcommand.
 */
export class StaffSubcommandsPrecondition extends AllFlowsPrecondition {
	public override chatInputRun(interaction: ChatInputCommandInteraction, _command: unknown, context: StaffSubcommandsContext) {
		const subcommand = interaction.options.getSubcommand(false);
		if (subcommand === null || !context.subcommands.includes(subcommand)) return this.ok();
		return interactionIsStaff(interaction) ? this.ok() : this.error({ identifier: 'preconditionStaffOnly' });
	}

	// Subcommands exist only in chat input; a command with a message or context-menu path must guard it otherwise.
	public override contextMenuRun() {
		return this.ok();
	}

	public override messageRun() {
		return this.ok();
	}
}
