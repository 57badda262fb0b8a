import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { OverwriteRecord } from './model.ts';
import type { FakeState } from './state.ts';

/** Channels every fake guild has; staff-only ones hide from @everyone. */
export const SEED_CHANNELS = ['welcome', 'rules', 'general', 'support', 'sessions', 'staff', 'logs'] as const;
export type SeedChannelName = (typeof SEED_CHANNELS)[number];
const STAFF_ONLY: readonly string[] = ['staff', 'logs'];

export const EVERYONE_PERMISSIONS =
	PermissionFlagsBits.CreateInstantInvite |
	PermissionFlagsBits.AddReactions |
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.EmbedLinks |
	PermissionFlagsBits.AttachFiles |
	PermissionFlagsBits.ReadMessageHistory |
	PermissionFlagsBits.UseExternalEmojis |
	PermissionFlagsBits.ChangeNickname |
	PermissionFlagsBits.UseApplicationCommands |
	PermissionFlagsBits.CreatePublicThreads |
	PermissionFlagsBits.CreatePrivateThreads |
	PermissionFlagsBits.SendMessagesInThreads |
	PermissionFlagsBits.Connect |
	PermissionFlagsBits.Speak;

const STAFF_PERMISSIONS =
	PermissionFlagsBits.ManageMessages |
	PermissionFlagsBits.ManageThreads |
	PermissionFlagsBits.KickMembers |
	PermissionFlagsBits.ModerateMembers |
	PermissionFlagsBits.ViewAuditLog |
	PermissionFlagsBits.MentionEveryone;

/**
 * What the bot's role gets when it is invited with the README's invite link (Discord developer portal, step 3), and
 * nothing more: View Channels, Send Messages, Send Messages in Threads, Create Private Threads, Manage Threads,
 * Embed Links, Attach Files, Read Message History. `invite-permissions.test.ts` holds it to the README.
 */
export const DEFAULT_BOT_PERMISSIONS =
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.SendMessagesInThreads |
	PermissionFlagsBits.CreatePrivateThreads |
	PermissionFlagsBits.ManageThreads |
	PermissionFlagsBits.EmbedLinks |
	PermissionFlagsBits.AttachFiles |
	PermissionFlagsBits.ReadMessageHistory;

export interface SeedOptions {
	guildName?: string;
	botUsername?: string;
	/** Extra text channels, created in the category after the seeded ones. */
	extraChannels?: readonly string[];
	botPermissions?: bigint;
}

export interface SeededGuild {
	botUserId: string;
	ownerId: string;
	staffRoleId: string;
	botRoleId: string;
	categoryId: string;
	channels: Record<string, string>;
}

export function seedGuild(state: FakeState, options: SeedOptions = {}): SeededGuild {
	if (options.guildName) state.guildName = options.guildName;
	const now = state.clock.iso();
	const bot = state.addUser({ username: options.botUsername ?? 'fpsos-bot', globalName: null, bot: true });
	const owner = state.addUser({ username: 'guild-owner', globalName: 'Guild Owner', bot: false });
	state.ownerId = owner.id;
	const role = (id: string, name: string, permissions: bigint, position: number, botId: string | null = null): string => {
		state.roles.set(id, { id, name, permissions, color: 0, position, hoist: false, managed: botId !== null, mentionable: false, botId });
		return id;
	};
	const everyoneRoleId = role(state.guildId, '@everyone', EVERYONE_PERMISSIONS, 0);
	const staffRoleId = role(state.ids.next(), 'Staff', STAFF_PERMISSIONS, 1);
	const botRoleId = role(state.ids.next(), bot.username, options.botPermissions ?? DEFAULT_BOT_PERMISSIONS, 2, bot.id);
	const member = (userId: string, roles: string[]): void => {
		state.members.set(userId, { userId, roles, joinedAt: now, pending: false, nick: null, inGuild: true, dmsClosed: false, locale: 'en-US' });
	};
	member(owner.id, []);
	member(bot.id, [botRoleId]);
	const category = state.createChannel({ type: ChannelType.GuildCategory, name: 'FPSOS', guildId: state.guildId, position: 0 });
	const hidden: OverwriteRecord[] = [
		{ id: everyoneRoleId, type: 0, allow: 0n, deny: PermissionFlagsBits.ViewChannel },
		{ id: staffRoleId, type: 0, allow: PermissionFlagsBits.ViewChannel, deny: 0n },
		{ id: botRoleId, type: 0, allow: PermissionFlagsBits.ViewChannel, deny: 0n }
	];
	const channels: Record<string, string> = {};
	for (const [position, name] of [...SEED_CHANNELS, ...(options.extraChannels ?? [])].entries()) {
		const channel = state.createChannel({
			type: ChannelType.GuildText,
			name,
			guildId: state.guildId,
			parentId: category.id,
			position,
			overwrites: STAFF_ONLY.includes(name) ? hidden.map((overwrite) => ({ ...overwrite })) : []
		});
		channels[name] = channel.id;
	}
	state.systemChannelId = channels.welcome ?? null;
	state.rulesChannelId = channels.rules ?? null;
	return { botUserId: bot.id, ownerId: owner.id, staffRoleId, botRoleId, categoryId: category.id, channels };
}
