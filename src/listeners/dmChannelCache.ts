import { Events, Listener } from '@sapphire/framework';
import { ChannelType, type Message } from 'discord.js';
import { touchDmChannel } from '../bot/dm-channels.ts';

/** Every DM, the bot's own included, keeps the cache of DM channels to the most recent few (src/bot/dm-channels.ts). */
export class DmChannelCacheListener extends Listener<typeof Events.MessageCreate> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.MessageCreate });
	}

	public override run(message: Message) {
		if (!message.inGuild() && message.channel.type === ChannelType.DM) touchDmChannel(this.container.client, message.channel);
	}
}
