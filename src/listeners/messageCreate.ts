import { Listener } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import type { Message } from 'discord.js';
import { answerChat } from '../bot/features/chat/flow.ts';
import { answerDiagnosticUpload } from '../bot/features/diagnostics/flow.ts';
import { closeSession, SESSION_COMPLETE_KEYWORD } from '../bot/features/booking/session.flow.ts';
import { memberIsStaff } from '../bot/staff.ts';
import { bookingOfThread } from '../lib/data/sessions.ts';

/** Members' own messages: a file sent by DM is a diagnostic; otherwise greetings and questions. Bots are ignored. */
export class MessageCreateListener extends Listener<'messageCreate'> {
	public override async run(message: Message) {
		if (message.author.bot || message.webhookId || message.system) return;
		const prefix = this.container.client.options.defaultPrefix;
		if (typeof prefix === 'string' && message.content.trimStart().toLowerCase().startsWith(prefix)) return;
		const file = message.inGuild() ? undefined : message.attachments.first();
		if (file) {
			const t = await fetchT(message);
			await message.reply(
				await answerDiagnosticUpload(t, message.author, { url: file.url, size: file.size, name: file.name }, 'dm_attachment')
			);
			return;
		}
		if (message.channel.isThread() && SESSION_COMPLETE_KEYWORD.test(message.content) && memberIsStaff(message.member)) {
			const bookingId = await bookingOfThread(this.container.db, message.channelId);
			if (bookingId) {
				const { text } = await closeSession(await fetchT(message), bookingId, 'complete', message.author.id);
				await message.reply({ content: text, allowedMentions: { parse: [] } });
				return;
			}
		}
		await answerChat(message);
	}
}
