import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { guildView } from './guilds.ts';
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

/** What denying Send Messages takes away with it (topics/permissions.mdx, "Implicit Permissions"). */
const NEEDS_SEND_MESSAGES =
	PermissionFlagsBits.MentionEveryone | PermissionFlagsBits.SendTTSMessages | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks;

/**
 * Guild-wide permissions of a user from @everyone and their roles (Discord's "base permissions"): the owner and
 * Administrator have every permission; someone who is not a member has none. `guildId` defaults to the seeded guild.
 */
export function basePermissions(state: FakeState, userId: string, guildId: string = state.guildId): bigint {
	const guild = guildView(state, guildId);
	if (!guild) return 0n;
	const member = guild.members.get(userId);
	if (!member?.inGuild) return 0n;
	if (userId === guild.ownerId) return ALL_PERMISSIONS;
	let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
	for (const roleId of member.roles) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
	return (permissions & PermissionFlagsBits.Administrator) === 0n ? permissions : ALL_PERMISSIONS;
}

/**
 * Permissions of a user in one channel, Discord's algorithm: base permissions, then the channel's @everyone
 * overwrite, then all role overwrites of the member's roles together (deny, then allow), then the member's own
 * overwrite. Threads take their parent's overwrites. Without View Channel nothing is left; without Send Messages
 * (outside threads) Mention Everyone, TTS, Attach Files and Embed Links go too. 0n when they cannot see it at all.
 */
export function channelPermissions(state: FakeState, userId: string, channelId: string): bigint {
	const channel = state.channels.get(channelId);
	if (!channel) return 0n;
	if (channel.type === ChannelType.DM) return channel.recipientId === userId || isBot(state, userId) ? DM_PERMISSIONS : 0n;
	const guild = guildView(state, channel.guildId);
	if (!guild) return 0n;
	const base = basePermissions(state, userId, guild.id);
	if (base === ALL_PERMISSIONS) return hiddenPrivateThread(channel, userId, base) ? 0n : base;
	const source = channel.thread && channel.parentId ? (state.channels.get(channel.parentId) ?? channel) : channel;
	let permissions = base;
	const member = guild.members.get(userId);
	const everyone = source.overwrites.find((overwrite) => overwrite.id === guild.id);
	if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
	let roleAllow = 0n;
	let roleDeny = 0n;
	for (const overwrite of source.overwrites) {
		if (overwrite.type === 0 && overwrite.id !== guild.id && member?.roles.includes(overwrite.id)) {
			roleAllow |= overwrite.allow;
			roleDeny |= overwrite.deny;
		}
	}
	permissions = (permissions & ~roleDeny) | roleAllow;
	const own = source.overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === userId);
	if (own) permissions = (permissions & ~own.deny) | own.allow;
	if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
	if (!channel.thread && (permissions & PermissionFlagsBits.SendMessages) === 0n) permissions &= ~NEEDS_SEND_MESSAGES;
	if (channel.thread && (permissions & PermissionFlagsBits.SendMessagesInThreads) === 0n) permissions &= ~NEEDS_SEND_MESSAGES;
	return hiddenPrivateThread(channel, userId, permissions) ? 0n : permissions;
}

/** A private thread shows only to its members and to those with Manage Threads (topics/threads.mdx). */
function hiddenPrivateThread(channel: { type: ChannelType; threadMembers: Map<string, string> }, userId: string, permissions: bigint): boolean {
	return (
		channel.type === ChannelType.PrivateThread && !channel.threadMembers.has(userId) && (permissions & PermissionFlagsBits.ManageThreads) === 0n
	);
}

export function canView(state: FakeState, userId: string, channelId: string): boolean {
	return (channelPermissions(state, userId, channelId) & PermissionFlagsBits.ViewChannel) !== 0n;
}

export function hasPermission(permissions: bigint, required: bigint): boolean {
	return (permissions & PermissionFlagsBits.Administrator) !== 0n || (permissions & required) === required;
}

/** Readable names of the permission bits in `bits` ("SendMessages, AttachFiles"). */
export function permissionNames(bits: bigint): string {
	const names = Object.entries(PermissionFlagsBits)
		.filter(([, bit]) => (bits & bit) !== 0n)
		.map(([name]) => name);
	return names.length > 0 ? names.join(', ') : 'none';
}

function isBot(state: FakeState, userId: string): boolean {
	return state.users.get(userId)?.bot ?? false;
}
