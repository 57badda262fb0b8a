import { MessageFlags } from 'discord.js';
import type { FakeCore } from '../core.ts';
import type { MessageRecord } from '../model.ts';
import { compareSnowflakes } from '../state.ts';
import { clip } from '../transcript.ts';
import { formatViolations } from '../violations.ts';
import { messageView, type MessageView } from './views.ts';
import { DEFAULT_WAIT_MS, waitUntil } from './wait.ts';

/** Which message to wait for. Every field narrows; by default only the bot's visible, non-ephemeral messages count. */
export interface MessageFilter {
	readonly channelId?: string;
	/** A DM from the bot to this member (a FakeMember or a user id). */
	readonly dmTo?: { readonly id: string } | string;
	/** A message in any thread of this channel. */
	readonly threadOf?: string;
	/** 'bot' (default), 'anyone', or a member. */
	readonly from?: 'bot' | 'anyone' | { readonly id: string };
	readonly predicate?: (message: MessageView) => boolean;
	/** Also match ephemeral interaction replies (default false). */
	readonly includeEphemeral?: boolean;
}

/**
 * Finds the oldest message matching a filter that no earlier wait returned, so "the next message" never
 * depends on whether the bot was faster than the test.
 */
export class MessageWaiter {
	readonly #core: FakeCore;
	readonly #consumed = new Set<string>();

	constructor(core: FakeCore) {
		this.#core = core;
	}

	async next(filter: MessageFilter, timeoutMs = DEFAULT_WAIT_MS): Promise<MessageView> {
		return waitUntil({
			timeoutMs,
			subscribe: (wake) => this.#core.state.onMessage(() => wake()),
			check: () => {
				const found = this.matching(filter)[0];
				if (!found) return undefined;
				this.#consumed.add(found.id);
				return messageView(found);
			},
			onTimeout: () => this.#timeoutMessage(filter, timeoutMs)
		});
	}

	/** Matching messages not yet returned by a wait, oldest first. */
	matching(filter: MessageFilter): MessageRecord[] {
		const { state, bot } = this.#core;
		const dmUser = typeof filter.dmTo === 'string' ? filter.dmTo : filter.dmTo?.id;
		const dmChannel = dmUser ? state.dmChannels.get(dmUser) : undefined;
		if (dmUser && !dmChannel) return [];
		const from = filter.from ?? 'bot';
		const channelId = filter.channelId ?? dmChannel;
		return (channelId ? state.channelMessages(channelId) : [...state.messages.values()])
			.filter((message) => {
				if (this.#consumed.has(message.id)) return false;
				if ((message.flags & MessageFlags.Loading) !== 0) return false;
				if (!filter.includeEphemeral && (message.flags & MessageFlags.Ephemeral) !== 0) return false;
				if (from === 'bot' && message.authorId !== bot.id) return false;
				if (typeof from === 'object' && message.authorId !== from.id) return false;
				if (filter.channelId && message.channelId !== filter.channelId) return false;
				if (dmChannel && message.channelId !== dmChannel) return false;
				if (filter.threadOf) {
					const channel = state.channels.get(message.channelId);
					if (!channel?.thread || channel.parentId !== filter.threadOf) return false;
				}
				return filter.predicate ? filter.predicate(messageView(message)) : true;
			})
			.sort((a, b) => compareSnowflakes(a.id, b.id));
	}

	#timeoutMessage(filter: MessageFilter, timeoutMs: number): string {
		const { state, bot } = this.#core;
		const wanted = JSON.stringify({
			...filter,
			dmTo: typeof filter.dmTo === 'object' ? filter.dmTo.id : filter.dmTo,
			from: typeof filter.from === 'object' ? filter.from.id : filter.from,
			predicate: filter.predicate ? 'fn' : undefined
		});
		const recent = [...state.messages.values()]
			.filter((message) => message.authorId === bot.id)
			.sort((a, b) => compareSnowflakes(a.id, b.id))
			.slice(-8)
			.map(
				(message) =>
					`  - ${message.id} in ${this.#core.describeChannel(message.channelId)}${this.#consumed.has(message.id) ? ' (already returned)' : ''}: ${clip(messageView(message).text || '(no text)', 70)}`
			);
		const violations = this.#core.violations.list();
		return [
			`timed out after ${timeoutMs} ms waiting for a message matching ${wanted}`,
			recent.length > 0 ? `the bot's latest messages:\n${recent.join('\n')}` : 'the bot sent no messages',
			violations.length > 0 ? formatViolations(violations) : ''
		]
			.filter(Boolean)
			.join('\n');
	}
}
