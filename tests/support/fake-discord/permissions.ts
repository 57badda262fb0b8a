import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { FakeState } from './state.ts';

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

const DM_PERMISSIONS =
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.ReadMessageHistory |
	PermissionFlagsBits.AttachFiles |
	PermissionFlagsBits.EmbedLinks |
	PermissionFlagsBits.AddReactions |
	PermissionFlagsBits.UseExternalEmojis |
	PermissionFlagsBits.UseApplicationCommands;

/** Guild-wide permissions of a user from @everyone and their roles (Discord's "base permissions"). */
export function basePermissions(state: FakeState, userId: string): bigint {
	if (userId === state.ownerId) return ALL_PERMISSIONS;
	const member = state.members.get(userId);
	if (!member?.inGuild) return 0n;
	let permissions = state.roles.get(state.guildId)?.permissions ?? 0n;
	for (const roleId of member.roles) permissions |= state.roles.get(roleId)?.permissions ?? 0n;
	return (permissions & PermissionFlagsBits.Administrator) === 0n ? permissions : ALL_PERMISSIONS;
}

/** Permissions of a user in one channel after overwrites; 0n when they cannot see it at all. */
export function channelPermissions(state: FakeState, userId: string, channelId: string): bigint {
	const channel = state.channels.get(channelId);
	if (!channel) return 0n;
	if (channel.type === ChannelType.DM) return channel.recipientId === userId || isBot(state, userId) ? DM_PERMISSIONS : 0n;
	const base = basePermissions(state, userId);
	if (base === ALL_PERMISSIONS) return base;
	const source = channel.thread && channel.parentId ? (state.channels.get(channel.parentId) ?? channel) : channel;
	let permissions = base;
	const member = state.members.get(userId);
	const everyone = source.overwrites.find((overwrite) => overwrite.id === state.guildId);
	if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
	let roleAllow = 0n;
	let roleDeny = 0n;
	for (const overwrite of source.overwrites) {
		if (overwrite.type === 0 && overwrite.id !== state.guildId && member?.roles.includes(overwrite.id)) {
			roleAllow |= overwrite.allow;
			roleDeny |= overwrite.deny;
		}
	}
	permissions = (permissions & ~roleDeny) | roleAllow;
	const own = source.overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === userId);
	if (own) permissions = (permissions & ~own.deny) | own.allow;
	if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
	const hiddenPrivateThread =
		channel.type === ChannelType.PrivateThread &&
		!channel.threadMembers.has(userId) &&
		(permissions & PermissionFlagsBits.ManageThreads) === 0n;
	return hiddenPrivateThread ? 0n : permissions;
}

export function canView(state: FakeState, userId: string, channelId: string): boolean {
	return (channelPermissions(state, userId, channelId) & PermissionFlagsBits.ViewChannel) !== 0n;
}

export function hasPermission(permissions: bigint, required: bigint): boolean {
	return (permissions & PermissionFlagsBits.Administrator) !== 0n || (permissions & required) === required;
}

function isBot(state: FakeState, userId: string): boolean {
	return state.users.get(userId)?.bot ?? false;
}
