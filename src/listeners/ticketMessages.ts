import { Events, Listener } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { recordThreadMessage } from '../bot/features/tickets/flow.ts';
import { ticketOfChannel } from '../lib/data/tickets.ts';

/**
 * Messages in support-ticket threads, as they arrive: each joins the ticket's transcript and restarts its inactivity
 * clock. Only threads of DISCORD_SUPPORT_CHANNEL_ID are looked up; bots and system messages are ignored.
 */
export class TicketMessagesListener extends Listener<typeof Events.MessageCreate> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.MessageCreate });
	}

	public override async run(message: Message) {
		const supportChannelId = this.container.config.DISCORD_SUPPORT_CHANNEL_ID;
		if (!supportChannelId || message.author.bot || message.system || !message.channel.isThread() || message.channel.parentId !== supportChannelId)
			return;
		const ticket = await ticketOfChannel(this.container.db, message.channelId);
		if (ticket) await recordThreadMessage(message, ticket.member_discord_id);
	}
}
