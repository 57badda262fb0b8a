import { container, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, type BaseInteraction, type GuildMember } from 'discord.js';
import { isStaff } from '../lib/staff.ts';
import { servedGuildId } from './served-guild.ts';

/**
 * Server-side staff check on the member data Discord sent, in the one server the bot serves only: in any other
 * server (or while it serves none) nobody is staff, whatever their permissions there.
 */
export function memberIsStaff(member: GuildMember | null | undefined): boolean {
	if (!member) return false;
	const served = servedGuildId();
	if (served === null || member.guild.id !== served) return false;
	return isStaff({
		staffRoleId: container.config.DISCORD_STAFF_ROLE_ID,
		memberRoleIds: [...member.roles.cache.keys()],
		canManageGuild: member.permissions.has(PermissionFlagsBits.ManageGuild)
	});
}

/** Whether whoever sent `interaction` is staff: only in a server the bot has cached, by `memberIsStaff`. */
export function interactionIsStaff(interaction: BaseInteraction): boolean {
	return interaction.inCachedGuild() && memberIsStaff(interaction.member);
}

/**
 * The staff gate of buttons, modals and subcommands open to everyone: refuses anyone who is not staff with the same
 * UserError as the StaffOnly precondition, so the one error pipeline (errors.ts) answers them, privately.
 */
export function assertStaff(interaction: BaseInteraction): void {
	if (!interactionIsStaff(interaction)) throw new UserError({ identifier: 'preconditionStaffOnly', message: 'Staff only' });
}
