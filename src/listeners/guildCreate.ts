import { Listener } from '@sapphire/framework';
import type { Guild } from 'discord.js';
import { settleServedGuild } from '../bot/served-guild.ts';

/** Added to a server: the bot serves one server only, so it leaves any other (src/bot/served-guild.ts). */
export class GuildCreateListener extends Listener<'guildCreate'> {
	public override async run(guild: Guild) {
		this.container.log.info('Added to a Discord server', { guild: guild.id, name: guild.name });
		await settleServedGuild(guild.client);
	}
}
