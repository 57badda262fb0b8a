import { ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import type { CommandRecord } from '../model.ts';
import { basePermissions } from '../permissions.ts';

/**
 * The chat-input command a member would see in Discord's picker: guild commands first (not in DMs), then global;
 * available in this context; allowed by default_member_permissions. Anything else is a test mistake and throws.
 */
export function findInvocableCommand(core: FakeCore, member: { readonly id: string; readonly username: string }, name: string, inDm: boolean): CommandRecord {
	const { state } = core;
	const all = [...state.commands.values()].filter((command) => command.type === ApplicationCommandType.ChatInput);
	const guildCommand = inDm ? undefined : all.find((command) => command.name === name && command.guild_id === state.guildId);
	const command = guildCommand ?? all.find((command) => command.name === name && !command.guild_id);
	if (!command) {
		const known = all.map((item) => `/${item.name}${item.guild_id ? ' (guild)' : ''}`).sort();
		throw new Error(`no slash command /${name} is registered${inDm ? ' globally (DMs only see global commands)' : ''}; registered: ${known.join(', ') || 'none'}. Did the bot register its commands?`);
	}
	const contexts = command.contexts ?? null;
	const context = inDm ? InteractionContextType.BotDM : InteractionContextType.Guild;
	if ((contexts && !contexts.includes(context)) || (inDm && command.dm_permission === false)) {
		throw new Error(`/${name} is not available ${inDm ? 'in DMs' : 'in guilds'} (contexts ${JSON.stringify(contexts)})`);
	}
	if (!inDm && command.default_member_permissions !== null && command.default_member_permissions !== undefined) {
		const required = BigInt(command.default_member_permissions);
		const permissions = basePermissions(state, member.id);
		const allowed = (permissions & PermissionFlagsBits.Administrator) !== 0n || (required !== 0n && (permissions & required) === required);
		if (!allowed) throw new Error(`${member.username} cannot see /${name}: it requires permissions ${required.toString()} (default_member_permissions)`);
	}
	return command;
}
