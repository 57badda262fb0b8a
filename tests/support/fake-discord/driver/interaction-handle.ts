import { InteractionResponseType } from 'discord.js';
import type { FakeCore } from '../core.ts';
import type { InteractionRecord } from '../interactions.ts';
import type { JsonObject } from '../model.ts';
import { formatViolations } from '../violations.ts';
import { messageView, walkComponents, type MessageView, type ModalFieldView, type ModalView } from './views.ts';
import { DEFAULT_WAIT_MS, waitUntil } from './wait.ts';

/** What the member ends up seeing as the bot's answer. */
export type BotReply =
	| {
			readonly kind: 'message';
			readonly callbackType: number;
			readonly deferred: boolean;
			readonly ephemeral: boolean;
			readonly message: MessageView;
	  }
	| { readonly kind: 'update'; readonly callbackType: number; readonly deferred: boolean; readonly message: MessageView }
	| { readonly kind: 'modal'; readonly callbackType: 9; readonly modal: ModalView }
	| { readonly kind: 'autocomplete'; readonly callbackType: 8; readonly choices: readonly unknown[] };

export interface WaitOptions {
	/** Default 10 s. */
	readonly timeoutMs?: number;
}

/** An interaction a fake member started; await what the bot answers. */
export class InteractionHandle {
	readonly #core: FakeCore;
	readonly #record: InteractionRecord;

	constructor(core: FakeCore, record: InteractionRecord) {
		this.#core = core;
		this.#record = record;
	}

	get id(): string {
		return this.#record.id;
	}

	get token(): string {
		return this.#record.token;
	}

	/** The INTERACTION_CREATE payload (`d`) the bot received. */
	get payload(): JsonObject {
		return structuredClone(this.#record.payload);
	}

	/** Callback type and delay, once the bot acknowledged (null before). */
	get acknowledgement(): { readonly type: number; readonly afterMs: number } | null {
		const callback = this.#record.callback;
		return callback ? { type: callback.type, afterMs: callback.at - this.#record.createdAt } : null;
	}

	/**
	 * The bot's answer: the reply message (type 4), the updated message (type 7), the modal (type 9), autocomplete
	 * choices (type 8), or, after a deferral (type 5/6), the message once the bot edits @original or sends a follow-up.
	 * Rejects at once if the deadline passed or the bot's response was refused by the fake.
	 */
	async reply(options: WaitOptions = {}): Promise<BotReply> {
		const record = this.#record;
		const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
		return waitUntil<BotReply>({
			timeoutMs,
			subscribe: (wake) => this.#core.interactions.onChange((changed) => changed === record && wake()),
			check: () => {
				if (record.settled) return this.#settled();
				if (record.failure) throw new Error(`${record.label} by ${this.#username()} got no answer: ${record.failure}`);
				return undefined;
			},
			onTimeout: () => {
				const state = record.callback
					? `acknowledged with type ${record.callback.type} but never completed (no edit of @original, no follow-up)`
					: 'never acknowledged';
				const violations = this.#core.violations.list();
				return `timed out after ${timeoutMs} ms waiting for the bot's answer to ${record.label} by ${this.#username()}: ${state}${violations.length > 0 ? `\n${formatViolations(violations)}` : ''}`;
			}
		});
	}

	/** The reply, which must be a message (new or updated). */
	async message(options: WaitOptions = {}): Promise<MessageView> {
		const reply = await this.reply(options);
		if (reply.kind !== 'message' && reply.kind !== 'update')
			throw new Error(`${this.#record.label}: expected a message, the bot answered with a ${reply.kind}`);
		return reply.message;
	}

	/** The reply, which must be a modal. */
	async modal(options: WaitOptions = {}): Promise<ModalView> {
		const reply = await this.reply(options);
		if (reply.kind !== 'modal') throw new Error(`${this.#record.label}: expected a modal, the bot answered with a ${reply.kind}`);
		return reply.modal;
	}

	/** Follow-up messages sent so far (not counting one that replaced a deferred reply). */
	followUps(): MessageView[] {
		return this.#record.followUpIds.flatMap((id) => {
			const message = this.#core.state.messages.get(id);
			return message ? [messageView(message)] : [];
		});
	}

	/** Waits until the bot has sent `count` follow-ups and returns them. */
	async waitForFollowUps(count: number, options: WaitOptions = {}): Promise<MessageView[]> {
		const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
		return waitUntil({
			timeoutMs,
			subscribe: (wake) => this.#core.interactions.onChange((changed) => changed === this.#record && wake()),
			check: () => (this.#record.followUpIds.length >= count ? this.followUps() : undefined),
			onTimeout: () =>
				`timed out after ${timeoutMs} ms waiting for ${count} follow-up(s) to ${this.#record.label}; got ${this.#record.followUpIds.length}`
		});
	}

	#settled(): BotReply {
		const record = this.#record;
		const settled = record.settled;
		const callbackType: number = record.callback?.type ?? 0;
		const deferred =
			record.callback?.type === InteractionResponseType.DeferredChannelMessageWithSource ||
			record.callback?.type === InteractionResponseType.DeferredMessageUpdate;
		if (!settled || settled.kind === 'autocomplete')
			return { kind: 'autocomplete', callbackType: 8, choices: structuredClone(record.choices ?? []) };
		if (settled.kind === 'modal') return { kind: 'modal', callbackType: 9, modal: modalView(record) };
		const message = this.#core.state.messages.get(settled.messageId);
		if (!message) throw new Error(`${record.label}: the bot deleted its answer before it could be read`);
		const view = messageView(message);
		return settled.kind === 'update'
			? { kind: 'update', callbackType, deferred, message: view }
			: { kind: 'message', callbackType, deferred, ephemeral: view.ephemeral, message: view };
	}

	#username(): string {
		return this.#core.state.users.get(this.#record.userId)?.username ?? this.#record.userId;
	}
}

function modalView(record: InteractionRecord): ModalView {
	const modal = record.modal ?? {};
	const components = Array.isArray(modal.components) ? (modal.components as JsonObject[]) : [];
	const fields: ModalFieldView[] = [];
	const visitTop = (top: JsonObject): void => {
		const label = typeof top.label === 'string' ? top.label : null;
		walkComponents(top.type === 18 && top.component ? [top.component] : Array.isArray(top.components) ? top.components : [], (node) => {
			if (typeof node.custom_id !== 'string') return;
			fields.push({
				customId: node.custom_id,
				type: typeof node.type === 'number' ? node.type : 0,
				label: typeof node.label === 'string' ? node.label : label,
				required: node.required !== false,
				minLength: typeof node.min_length === 'number' ? node.min_length : null,
				maxLength: typeof node.max_length === 'number' ? node.max_length : null
			});
		});
	};
	components.forEach(visitTop);
	return {
		interactionId: record.id,
		channelId: record.channelId,
		sourceMessageId: record.sourceMessageId,
		customId: String(modal.custom_id),
		title: String(modal.title),
		components: structuredClone(components),
		fields
	};
}
