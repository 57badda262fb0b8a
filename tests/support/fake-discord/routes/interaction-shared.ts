import type { FakeCore } from '../core.ts';
import { HttpError } from '../http/errors.ts';
import type { InteractionRecord } from '../interactions.ts';
import type { MessageInteractionMeta } from '../model.ts';

/** The `interaction_metadata` of messages that answer an interaction. */
export function meta(record: InteractionRecord): MessageInteractionMeta {
	return {
		id: record.id,
		type: record.type,
		userId: record.userId,
		name: record.commandName,
		originalResponseMessageId: null,
		interactedMessageId: record.sourceMessageId
	};
}

/**
 * Runs a validation step; when it throws a recorded violation, the member waiting on this interaction is told at
 * once (their `reply()` rejects with the reason) instead of waiting for a timeout.
 */
export function rejectingFor(core: FakeCore, record: InteractionRecord, what: string, step: () => void): void {
	try {
		step();
	} catch (error) {
		if (error instanceof HttpError && error.violation) {
			record.failure ??= `the bot's ${what} was rejected: ${error.violation.reason}`;
			core.interactions.changed(record);
		}
		throw error;
	}
}
