import { Listener } from '@sapphire/framework';
import type { Guild } from 'discord.js';
import { settleServedGuild } from '../bot/served-guild.ts';

/** Removed from a server (or it left one): with DISCORD_GUILD_ID unset, the server it serves may change. */
export class GuildDeleteListener extends Listener<'guildDelete'> {
	public override async run(guild: Guild) {
		this.container.log.info('No longer in a Discord server', { guild: guild.id, name: guild.name });
		await settleServedGuild(guild.client);
	}
}
