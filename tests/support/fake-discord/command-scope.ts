import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from './core.ts';
import { guildView, isGuildMember, sharesGuildWithBot } from './guilds.ts';
import type { CommandRecord } from './model.ts';
import { basePermissions, channelPermissions } from './permissions.ts';

/**
 * Where a slash command can be used, as Discord decides it (interactions/application-commands.mdx, "Contexts"):
 * - a guild command exists only in its guild; guild commands never support the BOT_DM context;
 * - a global command is usable in the contexts it lists (`contexts`; omitted: all of 0 Guild, 1 BotDM,
 *   2 PrivateChannel) and only through installation types the app has (`integration_types`, default [0]); the fake's
 *   application is installed to servers only (GUILD_INSTALL), so PRIVATE_CHANNEL, which needs a user install, is
 *   nowhere, and a BOT_DM needs a server shared with the bot;
 * - in a guild the app must be installed there (the bot is a member), the member needs Use Application Commands in
 *   the channel and, when set, `default_member_permissions` (Administrator passes; "0" hides it from all but admins);
 *   `default_member_permissions` does not apply in DMs;
 * - the deprecated `dm_permission: false` hides a global command from DMs when `contexts` is not set.
 */

/** Installation types the fake's application supports (a bot invited to servers). */
export const APP_INTEGRATION_TYPES: readonly ApplicationIntegrationType[] = [ApplicationIntegrationType.GuildInstall];

export type CommandPlace = { readonly kind: 'guild'; readonly channelId: string; readonly guildId: string } | { readonly kind: 'bot-dm' };

export type CommandAvailability = { readonly ok: true; readonly command: CommandRecord } | { readonly ok: false; readonly reason: string };

/** A command Discord would not let this member run here: the client does not offer it, so no interaction is sent. */
export class CommandUnavailableError extends Error {
	override readonly name = 'CommandUnavailableError';
}

const ALL_CONTEXTS: readonly InteractionContextType[] = [
	InteractionContextType.Guild,
	InteractionContextType.BotDM,
	InteractionContextType.PrivateChannel
];

/** The chat-input command named `name` this user would find in the picker at `place`, or why there is none. */
export function commandAvailability(core: FakeCore, userId: string, name: string, place: CommandPlace): CommandAvailability {
	const { state } = core;
	const named = [...state.commands.values()].filter((command) => command.type === ApplicationCommandType.ChatInput && command.name === name);
	if (named.length === 0) return { ok: false, reason: `no slash command /${name} is registered (${registeredList(core)})` };
	const where = place.kind === 'bot-dm' ? 'in a DM with the bot' : `in ${core.describeChannel(place.channelId)}`;
	const reasons: string[] = [];
	for (const command of sortGuildFirst(named)) {
		const refusal = refusalFor(core, userId, command, place);
		if (refusal === null) return { ok: true, command };
		reasons.push(`${command.guild_id ? `guild command (server ${command.guild_id})` : 'global command'}: ${refusal}`);
	}
	return { ok: false, reason: `/${name} is not available ${where}: ${reasons.join('; ')}` };
}

function refusalFor(core: FakeCore, userId: string, command: CommandRecord, place: CommandPlace): string | null {
	const { state } = core;
	if (command.guild_id) {
		if (place.kind === 'bot-dm') return "guild commands don't support the BOT_DM context";
		if (command.guild_id !== place.guildId) return 'registered in another server';
	} else {
		const contexts =
			command.contexts ??
			(command.dm_permission === false ? [InteractionContextType.Guild, InteractionContextType.PrivateChannel] : ALL_CONTEXTS);
		const context = place.kind === 'bot-dm' ? InteractionContextType.BotDM : InteractionContextType.Guild;
		if (!contexts.includes(context))
			return `contexts ${JSON.stringify(command.contexts)} do not include ${InteractionContextType[context]} (${context})`;
		const installs = command.integration_types ?? [ApplicationIntegrationType.GuildInstall];
		if (!installs.some((type) => APP_INTEGRATION_TYPES.includes(type)))
			return `integration_types ${JSON.stringify(installs)}: the app is installed to servers only (GUILD_INSTALL)`;
	}
	if (place.kind === 'bot-dm') {
		return sharesGuildWithBot(state, userId, core.bot.id) ? null : 'the user shares no server with the bot, so they cannot reach it in DMs';
	}
	if (!isGuildMember(state, place.guildId, core.bot.id)) return 'the bot is not in this server (its commands are not installed there)';
	if (!isGuildMember(state, place.guildId, userId)) return 'the user is not a member of this server';
	const inChannel = channelPermissions(state, userId, place.channelId);
	if ((inChannel & PermissionFlagsBits.UseApplicationCommands) === 0n) return 'the member lacks Use Application Commands in this channel';
	if (command.default_member_permissions !== null && command.default_member_permissions !== undefined) {
		const required = BigInt(command.default_member_permissions);
		const permissions = basePermissions(state, userId, place.guildId);
		const admin = (permissions & PermissionFlagsBits.Administrator) !== 0n;
		if (!admin && (required === 0n || (permissions & required) !== required)) {
			return `hidden by default_member_permissions ${required.toString()} (the member lacks it)`;
		}
	}
	return null;
}

/** The place a channel is in: the DM with the bot, or a channel of some server. */
export function placeOf(core: FakeCore, channelId: string): CommandPlace {
	const channel = core.state.channels.get(channelId);
	if (!channel) throw new Error(`fake Discord: no channel ${channelId}`);
	if (!channel.guildId) return { kind: 'bot-dm' };
	if (!guildView(core.state, channel.guildId)) throw new Error(`fake Discord: channel ${channelId} belongs to no known server`);
	return { kind: 'guild', channelId, guildId: channel.guildId };
}

function sortGuildFirst(commands: CommandRecord[]): CommandRecord[] {
	return [...commands].sort((a, b) => Number(Boolean(b.guild_id)) - Number(Boolean(a.guild_id)));
}

function registeredList(core: FakeCore): string {
	const known = [...core.state.commands.values()]
		.filter((command) => command.type === ApplicationCommandType.ChatInput)
		.map((command) => `/${command.name}${command.guild_id ? ' (guild)' : ''}`)
		.sort();
	return `registered: ${known.join(', ') || 'none'}. Did the bot register its commands?`;
}
