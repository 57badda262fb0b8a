import { container } from '@sapphire/framework';
import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, type SlashCommandBuilder } from 'discord.js';

/**
 * Where each slash command exists (interactions/application-commands.mdx, "Contexts"). Guild commands never work in
 * DMs, so every command a member is told about is global and usable in the server and in DMs with the bot. Staff
 * commands exist only in the one server: guild commands there when DISCORD_GUILD_ID is set; otherwise global, usable
 * in servers only and hidden by their default permission (the bot leaves any other server, and checks staff itself).
 */

/** A member-facing command: global, in the server and in DMs with the bot (the app is installed to servers). */
export function memberCommand<T extends Pick<SlashCommandBuilder, 'setContexts' | 'setIntegrationTypes'>>(builder: T): T {
	builder.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM).setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
	return builder;
}

/** A staff command: in servers only, shown by default to Manage Threads. Register it with `staffCommandScope()`. */
export function staffCommand<T extends Pick<SlashCommandBuilder, 'setContexts' | 'setIntegrationTypes' | 'setDefaultMemberPermissions'>>(
	builder: T
): T {
	builder
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageThreads)
		.setContexts(InteractionContextType.Guild)
		.setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
	return builder;
}

/** Registration options of a staff command: a guild command of DISCORD_GUILD_ID when it is set. */
export function staffCommandScope(): { guildIds?: string[] } {
	const guildId = container.config.DISCORD_GUILD_ID;
	return guildId ? { guildIds: [guildId] } : {};
}
