import { InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { DiscordErrors, invalidBody } from '../http/errors.ts';
import type { RouteRequest, RouteResponse, Router } from '../http/router.ts';
import type { InteractionRecord } from '../interactions.ts';
import { createBotMessage, editBotMessage } from '../messages.ts';
import type { JsonObject, MessageRecord } from '../model.ts';
import { messageToAPI } from '../serialize-message.ts';
import { isObject } from '../validation/component-limits.ts';
import { issue } from '../validation/issues.ts';
import { assertNotEmpty, assertValid, objectBody } from './helpers.ts';
import { CALLBACKS } from '../callbacks.ts';
import { meta, rejectingFor } from './interaction-shared.ts';
import { assertEditableByInteraction } from '../thread-archiving.ts';

const ALLOWED_CALLBACKS: Record<number, readonly number[]> = {
	[InteractionType.ApplicationCommand]: [4, 5, 9],
	[InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
	[InteractionType.ModalSubmit]: [4, 5, 6, 7],
	[InteractionType.ApplicationCommandAutocomplete]: [8]
};

const INTERACTION_KIND: Record<number, string> = {
	[InteractionType.ApplicationCommand]: 'slash command',
	[InteractionType.MessageComponent]: 'component',
	[InteractionType.ModalSubmit]: 'modal submit',
	[InteractionType.ApplicationCommandAutocomplete]: 'autocomplete'
};

/** The interaction callback: once only, within the deadline (3 s), validated by callback type. */
export function registerInteractionCallbackRoute(router: Router, core: FakeCore): void {
	router.add('POST', '/interactions/:id/:token/callback', (request) => callback(core, request), { auth: false });
}

function callback(core: FakeCore, request: RouteRequest): RouteResponse {
	const { params, label, files } = request;
	const record = core.interactions.byId(params.id ?? '');
	if (!record || record.token !== params.token) {
		throw DiscordErrors.unknownInteraction().asViolation(
			'unknown-resource',
			`${label}: there is no interaction with this id and token (404 10062)`
		);
	}
	const body = objectBody(request.json, label);
	const type = (typeof body.type === 'number' ? body.type : -1) as InteractionResponseType;
	const elapsed = core.clock.now() - record.createdAt;
	if (record.callback) {
		throw DiscordErrors.alreadyAcknowledged().asViolation(
			'interaction-state',
			`${label}: interaction ${record.id} (${record.label}) was already acknowledged with type ${record.callback.type} (${CALLBACKS[record.callback.type]?.name ?? '?'}); a second callback (type ${type}) gets 400 40060`
		);
	}
	if (elapsed > core.config.interactionDeadlineMs) {
		core.interactions.markLate(record, elapsed);
		throw DiscordErrors.unknownInteraction();
	}
	rejectingFor(core, record, `${CALLBACKS[type]?.name ?? `type ${type}`} callback`, () => {
		assertCallbackType(record, type, label);
		assertValid('interaction-callback', body, files, label);
		if (type === InteractionResponseType.ChannelMessageWithSource) assertNotEmpty(body.data, files, label);
		const source = record.sourceMessageId ? core.state.messages.get(record.sourceMessageId) : undefined;
		if (type === InteractionResponseType.UpdateMessage && source) assertEditableByInteraction(core, source, label);
	});
	const data = isObject(body.data) ? body.data : {};
	record.callback = { type, at: core.clock.now() };
	if (record.timer) clearTimeout(record.timer);
	record.timer = null;
	const message = respond(core, record, type, data, request);
	core.interactions.changed(record);
	if (request.query.get('with_response') !== 'true') return {};
	return {
		body: {
			interaction: {
				id: record.id,
				type: record.type,
				activity_instance_id: null,
				response_message_id: message?.id ?? null,
				response_message_loading: message ? (message.flags & MessageFlags.Loading) !== 0 : null,
				response_message_ephemeral: message ? record.ephemeral : null
			},
			resource: { type, ...(message ? { message: messageToAPI(core.state, message) } : {}) }
		}
	};
}

function respond(
	core: FakeCore,
	record: InteractionRecord,
	type: InteractionResponseType,
	data: JsonObject,
	request: RouteRequest
): MessageRecord | null {
	const flags = typeof data.flags === 'number' ? data.flags : 0;
	const replyType = record.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default;
	switch (type) {
		case InteractionResponseType.ChannelMessageWithSource: {
			record.ephemeral = (flags & MessageFlags.Ephemeral) !== 0;
			const message = createBotMessage(core, {
				channelId: record.channelId,
				body: data,
				files: request.files,
				route: request.label,
				type: replyType,
				webhook: true,
				interaction: meta(record)
			});
			record.originalMessageId = message.id;
			record.settled = { kind: 'message', messageId: message.id };
			return message;
		}
		case InteractionResponseType.DeferredChannelMessageWithSource: {
			record.ephemeral = (flags & MessageFlags.Ephemeral) !== 0;
			const body = { flags: flags & MessageFlags.Ephemeral };
			const message = createBotMessage(core, {
				channelId: record.channelId,
				body,
				files: [],
				route: request.label,
				type: replyType,
				webhook: true,
				interaction: meta(record),
				extraFlags: MessageFlags.Loading
			});
			record.originalMessageId = message.id;
			return message;
		}
		case InteractionResponseType.DeferredMessageUpdate:
			record.originalMessageId = record.sourceMessageId;
			return null;
		case InteractionResponseType.UpdateMessage: {
			const source = record.sourceMessageId ? core.state.messages.get(record.sourceMessageId) : undefined;
			if (!source) throw DiscordErrors.unknownMessage();
			record.originalMessageId = source.id;
			editBotMessage(core, source, data, request.files, request.label);
			record.settled = { kind: 'update', messageId: source.id };
			return source;
		}
		case InteractionResponseType.ApplicationCommandAutocompleteResult:
			record.choices = Array.isArray(data.choices) ? data.choices : [];
			record.settled = { kind: 'autocomplete' };
			return null;
		case InteractionResponseType.Modal:
			record.modal = withComponentIds(data);
			record.settled = { kind: 'modal' };
			return null;
		default:
			return null;
	}
}

function assertCallbackType(record: InteractionRecord, type: InteractionResponseType, route: string): void {
	const allowed = ALLOWED_CALLBACKS[record.type] ?? [];
	const fromMessage = record.type !== InteractionType.ModalSubmit || record.sourceMessageId !== null;
	const updateWithoutMessage =
		(type === InteractionResponseType.DeferredMessageUpdate || type === InteractionResponseType.UpdateMessage) && !fromMessage;
	if (allowed.includes(type) && !updateWithoutMessage) return;
	const kind = INTERACTION_KIND[record.type] ?? `type ${record.type}`;
	const why = updateWithoutMessage
		? 'this modal was not opened from a message component'
		: `a ${kind} interaction accepts callback types ${allowed.join(', ')}`;
	throw invalidBody(route, 'interaction callback', [
		issue(
			['type'],
			'INTERACTION_RESPONSE_TYPE_INVALID',
			'Invalid interaction response type',
			`type ${type} (${CALLBACKS[type]?.name ?? 'unknown'}) for ${record.label}: ${why}`
		)
	]);
}

/** Discord numbers modal components that came without an `id`, and sends those ids back on submit. */
function withComponentIds(modal: JsonObject): JsonObject {
	const copy = structuredClone(modal);
	let next = 1;
	const visit = (node: unknown): void => {
		if (!isObject(node)) return;
		if (typeof node.id !== 'number') node.id = next;
		next = Math.max(next, node.id as number) + 1;
		if (Array.isArray(node.components)) node.components.forEach(visit);
		if (isObject(node.component)) visit(node.component);
	};
	if (Array.isArray(copy.components)) copy.components.forEach(visit);
	return copy;
}
