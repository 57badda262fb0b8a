import { Listener } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import type { Message } from 'discord.js';
import { answerChat } from '../bot/flows/chat.ts';
import { answerDiagnosticUpload } from '../bot/flows/diagnostic-upload.ts';

/** Members' own messages: a file sent by DM is a diagnostic; otherwise greetings and questions. Bots are ignored. */
export class MessageCreateListener extends Listener<'messageCreate'> {
	public override async run(message: Message) {
		if (message.author.bot || message.webhookId || message.system) return;
		const prefix = this.container.client.options.defaultPrefix;
		if (typeof prefix === 'string' && message.content.trimStart().toLowerCase().startsWith(prefix)) return;
		const file = message.inGuild() ? undefined : message.attachments.first();
		if (file) {
			const t = await fetchT(message);
			await message.reply(await answerDiagnosticUpload(t, message.author, { url: file.url, size: file.size }, 'dm_attachment'));
			return;
		}
		await answerChat(message);
	}
}
