import { container } from '@sapphire/framework';
import type { Client, Guild } from 'discord.js';
import { decideServedGuild } from '../lib/config/served-guild.ts';

/** The id of the one server the bot serves (DISCORD_GUILD_ID, or the single server it is in), or null while undecided. */
export function servedGuildId(): string | null {
	return container.config.DISCORD_GUILD_ID ?? container.servedGuildId ?? null;
}

/** The served server, if the bot is in it and has it cached. */
export function servedGuild(): Guild | null {
	const id = servedGuildId();
	return id ? (container.client.guilds.cache.get(id) ?? null) : null;
}

/**
 * Decides the served server from the servers the bot is in (at ready, and whenever it joins or leaves one), leaves
 * every other one, and says so in the log; in several servers without DISCORD_GUILD_ID it serves none and says what
 * to set.
 */
export async function settleServedGuild(client: Client): Promise<void> {
	const { log, config } = container;
	const guilds = client.guilds.cache;
	const decision = decideServedGuild(config.DISCORD_GUILD_ID, container.servedGuildId ?? null, [...guilds.keys()]);
	if (decision.served !== (container.servedGuildId ?? null) && decision.served !== null && !config.DISCORD_GUILD_ID) {
		log.info('Serving the one Discord server the bot is in', { guild: decision.served, name: guilds.get(decision.served)?.name });
	}
	container.servedGuildId = decision.served;
	if (decision.waiting === 'several') {
		log.warn(
			'The bot is in several Discord servers and DISCORD_GUILD_ID is not set: it serves none of them until DISCORD_GUILD_ID names the one to serve',
			{
				guilds: guilds.map((guild) => `${guild.name} (${guild.id})`)
			}
		);
	}
	if (config.DISCORD_GUILD_ID && !guilds.has(config.DISCORD_GUILD_ID)) {
		log.warn('The bot is not in the server DISCORD_GUILD_ID names: invite it there with the link in the README', {
			guild: config.DISCORD_GUILD_ID
		});
	}
	for (const id of decision.leave) {
		const guild = guilds.get(id);
		if (!guild) continue;
		try {
			await guild.leave();
			log.warn('Left a Discord server the bot does not serve (it serves one server only)', {
				guild: id,
				name: guild.name,
				serves: decision.served
			});
		} catch (error) {
			log.error('Could not leave a Discord server the bot does not serve', { guild: id, error });
		}
	}
}
