import { ChannelType, type Client, type DMChannel, type PartialDMChannel } from 'discord.js';

/** How many DM channels the bot keeps cached: the ones used most recently. */
export const CACHED_DM_CHANNELS = 200;

/**
 * discord.js caches the DM channel of everyone who writes to the bot and everyone it writes to, and never drops one:
 * no cache option or sweeper reaches DM channels. Called with the channel of each DM (the bot's own included, which
 * Discord echoes back): that channel becomes the most recent, and past `limit` the least recent are dropped. A dropped
 * channel is simply opened again the next time (Discord answers with the same channel).
 */
export function touchDmChannel(client: Client, channel: DMChannel | PartialDMChannel, limit = CACHED_DM_CHANNELS): void {
	const cache = client.channels.cache;
	cache.delete(channel.id);
	cache.set(channel.id, channel);
	let excess = -limit;
	for (const cached of cache.values()) if (cached.type === ChannelType.DM) excess += 1;
	for (const [id, cached] of cache) {
		if (excess <= 0) break;
		if (cached.type !== ChannelType.DM) continue;
		cache.delete(id);
		excess -= 1;
	}
}
