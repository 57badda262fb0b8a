import { InteractionResponseType, MessageFlags } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { dispatchMessageDelete } from '../events.ts';
import { DiscordErrors } from '../http/errors.ts';
import type { RouteRequest, RouteResponse, Router } from '../http/router.ts';
import type { InteractionRecord } from '../interactions.ts';
import { createBotMessage, editBotMessage } from '../messages.ts';
import type { MessageRecord } from '../model.ts';
import { messageToAPI } from '../serialize-message.ts';
import { assertNotEmpty, assertValid, objectBody } from './helpers.ts';
import { meta, rejectingFor } from './interaction-shared.ts';
import { assertEditableByInteraction } from '../thread-archiving.ts';

/** The interaction webhook: follow-ups and edits of the reply, for 15 minutes after the interaction. */
export function registerInteractionWebhookRoutes(router: Router, core: FakeCore): void {
	router.add('POST', '/webhooks/:app/:token', (request) => followUp(core, request), { auth: false });
	router.add('GET', '/webhooks/:app/:token/messages/:message', (request) => fetchResponse(core, request), { auth: false });
	router.add('PATCH', '/webhooks/:app/:token/messages/:message', (request) => editResponse(core, request), { auth: false });
	router.add('DELETE', '/webhooks/:app/:token/messages/:message', (request) => deleteResponse(core, request), { auth: false });
}

function fetchResponse(core: FakeCore, request: RouteRequest): RouteResponse {
	const record = webhookRecord(core, request, 'fetch');
	return { body: messageToAPI(core.state, webhookMessage(core, record, request)) };
}

function deleteResponse(core: FakeCore, request: RouteRequest): RouteResponse {
	const message = webhookMessage(core, webhookRecord(core, request, 'delete'), request);
	core.state.deleteMessage(message);
	dispatchMessageDelete(core, message);
	return {};
}

function webhookRecord(core: FakeCore, request: RouteRequest, action: string): InteractionRecord {
	const { params, label } = request;
	if (params.app !== core.bot.applicationId) {
		throw DiscordErrors.unknownWebhook().asViolation('unknown-resource', `${label}: ${params.app} is not the bot's application id (404 10015)`);
	}
	const record = core.interactions.byToken(params.token ?? '');
	if (!record) throw DiscordErrors.unknownWebhook().asViolation('unknown-resource', `${label}: unknown interaction token (404 10015)`);
	const age = core.clock.now() - record.createdAt;
	if (age > core.config.tokenLifetimeMs) {
		throw DiscordErrors.invalidWebhookToken().asViolation(
			'expired-token',
			`${label}: ${action} for interaction ${record.id} (${record.label}) ${formatAge(age)} after it was created; interaction tokens expire after ${formatAge(core.config.tokenLifetimeMs)} (401 50027 Invalid Webhook Token)`
		);
	}
	return record;
}

function webhookMessage(core: FakeCore, record: InteractionRecord, request: RouteRequest): MessageRecord {
	const id = request.params.message === '@original' ? record.originalMessageId : (request.params.message ?? null);
	if (request.params.message === '@original' && !record.callback) {
		throw DiscordErrors.unknownMessage().asViolation(
			'interaction-state',
			`${request.label}: @original of interaction ${record.id} (${record.label}) used before the interaction was acknowledged (404 10008)`
		);
	}
	const owned = id !== null && (id === record.originalMessageId || record.followUpIds.includes(id));
	const message = owned ? core.state.messages.get(id) : undefined;
	if (!message) throw DiscordErrors.unknownMessage();
	return message;
}

function editResponse(core: FakeCore, request: RouteRequest): RouteResponse {
	const record = webhookRecord(core, request, 'edit');
	const message = webhookMessage(core, record, request);
	const body = objectBody(request.json, request.label);
	rejectingFor(core, record, 'edit of its reply', () => {
		assertValid('webhook-edit', body, request.files, request.label);
		assertEditableByInteraction(core, message, request.label);
	});
	editBotMessage(core, message, body, request.files, request.label);
	if (!record.settled && message.id === record.originalMessageId) {
		record.settled =
			record.callback?.type === InteractionResponseType.DeferredMessageUpdate
				? { kind: 'update', messageId: message.id }
				: { kind: 'message', messageId: message.id };
	}
	core.interactions.changed(record);
	return { body: messageToAPI(core.state, message) };
}

function followUp(core: FakeCore, request: RouteRequest): RouteResponse {
	const record = webhookRecord(core, request, 'follow-up');
	if (!record.callback) {
		throw DiscordErrors.unknownWebhook().asViolation(
			'interaction-state',
			`${request.label}: follow-up to interaction ${record.id} (${record.label}) before it was acknowledged; answer the callback first (404 10015)`
		);
	}
	const body = objectBody(request.json, request.label);
	rejectingFor(core, record, 'follow-up', () => {
		assertValid('webhook-execute', body, request.files, request.label);
		assertNotEmpty(body, request.files, request.label);
	});
	const original = record.originalMessageId ? core.state.messages.get(record.originalMessageId) : undefined;
	let message: MessageRecord;
	if (original && (original.flags & MessageFlags.Loading) !== 0) {
		// After a deferred reply, Discord turns the first follow-up into the "thinking…" message itself.
		message = editBotMessage(core, original, body, request.files, request.label);
	} else {
		message = createBotMessage(core, {
			channelId: record.channelId,
			body,
			files: request.files,
			route: request.label,
			webhook: true,
			interaction: { ...meta(record), originalResponseMessageId: record.originalMessageId }
		});
		record.followUpIds.push(message.id);
	}
	record.settled ??= { kind: 'message', messageId: message.id };
	core.interactions.changed(record);
	return request.query.get('wait') === 'false' ? {} : { body: messageToAPI(core.state, message) };
}

function formatAge(ms: number): string {
	const minutes = Math.floor(ms / 60_000);
	const seconds = Math.round((ms % 60_000) / 1000);
	return minutes > 0 ? `${minutes} min ${seconds} s` : `${seconds} s`;
}
