import { AllFlowsPrecondition } from '@sapphire/framework';
import { PermissionFlagsBits, type ChatInputCommandInteraction, type ContextMenuCommandInteraction, type GuildMember, type Message } from 'discord.js';
import { isStaff } from '../lib/staff.ts';

/** Server-side staff check, on top of the commands' `default_member_permissions`. */
export class StaffOnlyPrecondition extends AllFlowsPrecondition {
	public override chatInputRun(interaction: ChatInputCommandInteraction) {
		return this.check(interaction.inCachedGuild() ? interaction.member : null);
	}

	public override contextMenuRun(interaction: ContextMenuCommandInteraction) {
		return this.check(interaction.inCachedGuild() ? interaction.member : null);
	}

	public override messageRun(message: Message) {
		return this.check(message.member);
	}

	private check(member: GuildMember | null) {
		const staff =
			member !== null &&
			member.guild.id === (this.container.config.DISCORD_GUILD_ID ?? member.guild.id) &&
			isStaff({
				staffRoleId: this.container.config.DISCORD_STAFF_ROLE_ID,
				memberRoleIds: [...member.roles.cache.keys()],
				canManageGuild: member.permissions.has(PermissionFlagsBits.ManageGuild)
			});
		return staff ? this.ok() : this.error({ identifier: 'preconditionStaffOnly' });
	}
}
