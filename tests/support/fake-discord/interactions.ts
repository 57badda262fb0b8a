import type { InteractionResponseType, InteractionType } from 'discord.js';
import type { FakeCore } from './core.ts';
import type { JsonObject } from './model.ts';
import type { Violation } from './violations.ts';

/** What the member ends up seeing as the bot's answer to an interaction. */
export type Settlement =
	| { readonly kind: 'message'; readonly messageId: string }
	| { readonly kind: 'update'; readonly messageId: string }
	| { readonly kind: 'modal' }
	| { readonly kind: 'autocomplete' };

export interface InteractionRecord {
	readonly id: string;
	readonly token: string;
	readonly type: InteractionType;
	/** "/diagnostic upload", "button start-booking", "modal booking-form": how reasons name it. */
	readonly label: string;
	readonly userId: string;
	readonly channelId: string;
	readonly guildId: string | null;
	readonly createdAt: number;
	readonly commandName: string | null;
	/** The message a component was on (or a modal opened from). */
	readonly sourceMessageId: string | null;
	readonly payload: JsonObject;
	callback: { readonly type: InteractionResponseType; readonly at: number } | null;
	ephemeral: boolean;
	/** The message `@original` refers to. */
	originalMessageId: string | null;
	readonly followUpIds: string[];
	modal: JsonObject | null;
	/** A modal can be submitted once per opening. */
	modalSubmitted: boolean;
	choices: unknown[] | null;
	settled: Settlement | null;
	/** Why the member will never get an answer (deadline missed, callback rejected). */
	failure: string | null;
	deadlineViolation: Violation | null;
	timer: NodeJS.Timeout | null;
}

export type NewInteraction = Pick<
	InteractionRecord,
	'id' | 'token' | 'type' | 'label' | 'userId' | 'channelId' | 'guildId' | 'commandName' | 'sourceMessageId' | 'payload'
>;

/** Interactions sent to the bot, their 3-second deadline and 15-minute token, and who waits for their answer. */
export class InteractionRegistry {
	readonly #core: FakeCore;
	readonly #byId = new Map<string, InteractionRecord>();
	readonly #byToken = new Map<string, InteractionRecord>();
	readonly #listeners = new Set<(record: InteractionRecord) => void>();

	constructor(core: FakeCore) {
		this.#core = core;
	}

	create(init: NewInteraction): InteractionRecord {
		const record: InteractionRecord = {
			...init,
			createdAt: this.#core.clock.now(),
			callback: null,
			ephemeral: false,
			originalMessageId: null,
			followUpIds: [],
			modal: null,
			modalSubmitted: false,
			choices: null,
			settled: null,
			failure: null,
			deadlineViolation: null,
			timer: null
		};
		this.#byId.set(record.id, record);
		this.#byToken.set(record.token, record);
		const deadline = this.#core.config.interactionDeadlineMs;
		record.timer = setTimeout(() => {
			record.timer = null;
			if (record.callback) return;
			this.markLate(record, null);
		}, deadline + 25);
		record.timer.unref();
		return record;
	}

	byId(id: string): InteractionRecord | undefined {
		return this.#byId.get(id);
	}

	byToken(token: string): InteractionRecord | undefined {
		return this.#byToken.get(token);
	}

	all(): InteractionRecord[] {
		return [...this.#byId.values()];
	}

	/** Records (or completes) the "not acknowledged within 3000 ms" violation; `tookMs` when a late callback came. */
	markLate(record: InteractionRecord, tookMs: number | null): void {
		if (tookMs === null && record.deadlineViolation) return;
		const deadline = this.#core.config.interactionDeadlineMs;
		const base = `interaction ${record.id} (${record.label}) not acknowledged within ${deadline} ms`;
		const reason =
			tookMs === null
				? `${base} (no callback yet; Discord shows the member "This interaction failed")`
				: `${base} (took ${tookMs} ms; the late callback got 404 10062 Unknown interaction)`;
		if (record.deadlineViolation) record.deadlineViolation.reason = reason;
		else record.deadlineViolation = this.#core.recordViolation('interaction-deadline', reason, null);
		record.failure ??= reason;
		this.changed(record);
	}

	changed(record: InteractionRecord): void {
		for (const listener of [...this.#listeners]) listener(record);
	}

	onChange(listener: (record: InteractionRecord) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	dispose(): void {
		for (const record of this.#byId.values()) {
			if (record.timer) clearTimeout(record.timer);
			record.timer = null;
		}
		this.#listeners.clear();
	}
}
