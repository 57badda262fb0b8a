import { container } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import type { Message } from 'discord.js';
import { detectIntent } from '../../../lib/chat/intents.ts';
import { claimChatReply } from '../../../lib/data/members.ts';
import { listActivePackages } from '../../../lib/data/packages.ts';
import { formatAed } from '../../../lib/money.ts';
import { ensureMember } from '../../members.ts';

/** A member may get one chat reply every five minutes, across bot processes. */
export const CHAT_COOLDOWN_SECONDS = 300;

function inChatChannel(message: Message): boolean {
	if (!message.inGuild()) return true;
	return container.config.DISCORD_CHAT_CHANNEL_IDS?.includes(message.channelId) ?? false;
}

/** Greetings and questions in DMs and the configured channels get a short pointer to the right next step. */
export async function answerChat(message: Message): Promise<void> {
	if (!inChatChannel(message)) return;
	const intent = detectIntent(message.content);
	if (!intent) return;
	const member = await ensureMember(message.author);
	if (!(await claimChatReply(container.db, member.id, CHAT_COOLDOWN_SECONDS))) return;
	const t = await fetchT(message);
	let from = '';
	if (intent === 'pricing') {
		const prices = (await listActivePackages(container.db)).map((pkg) => Number(pkg.price_aed));
		from = prices.length > 0 ? formatAed(Math.min(...prices)) : '';
	}
	await message.reply({ content: t(`chat:${intent}`, { name: message.member?.displayName ?? message.author.displayName, from }) });
}
