import { AllFlowsPrecondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction, ContextMenuCommandInteraction, Message } from 'discord.js';
import { interactionIsStaff, memberIsStaff } from '../bot/staff.ts';

/** Server-side staff check, on top of the commands' `default_member_permissions`. */
export class StaffOnlyPrecondition extends AllFlowsPrecondition {
	public override chatInputRun(interaction: ChatInputCommandInteraction) {
		return this.check(interactionIsStaff(interaction));
	}

	public override contextMenuRun(interaction: ContextMenuCommandInteraction) {
		return this.check(interactionIsStaff(interaction));
	}

	public override messageRun(message: Message) {
		return this.check(memberIsStaff(message.member));
	}

	private check(staff: boolean) {
		return staff ? this.ok() : this.error({ identifier: 'preconditionStaffOnly' });
	}
}
