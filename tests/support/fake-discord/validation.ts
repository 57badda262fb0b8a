import { InteractionResponseType } from 'discord.js';
import { CALLBACKS } from './callbacks.ts';
import { allowedMentionsIssues } from './validation/allowed-mentions.ts';
import { bulkCommandIssues, commandIssues } from './validation/command-limits.ts';
import { isObject } from './validation/component-limits.ts';
import { formatPath, issue, prefixIssues, type Issue } from './validation/issues.ts';
import { messageLimitIssues } from './validation/message-limits.ts';
import { modalIssues } from './validation/modal-limits.ts';
import { specIssues, type SpecSchemaName } from './validation/spec.ts';

/** Every kind of body the bot sends that the fake checks. */
export type BodyKind =
	| 'message-create'
	| 'message-edit'
	| 'interaction-callback'
	| 'webhook-execute'
	| 'webhook-edit'
	| 'command-create'
	| 'command-patch'
	| 'commands-bulk'
	| 'thread-create'
	| 'thread-from-message'
	| 'channel-create'
	| 'channel-patch'
	| 'thread-patch'
	| 'dm-create';

const SPEC_FOR_KIND: Record<Exclude<BodyKind, 'interaction-callback' | 'commands-bulk'>, SpecSchemaName> = {
	'message-create': 'MessageCreateRequest',
	'message-edit': 'MessageEditRequestPartial',
	'webhook-execute': 'IncomingWebhookRequestPartial',
	'webhook-edit': 'IncomingWebhookUpdateRequestPartial',
	'command-create': 'ApplicationCommandCreateRequest',
	'command-patch': 'ApplicationCommandPatchRequestPartial',
	'thread-create': 'CreateTextThreadWithoutMessageRequest',
	'thread-from-message': 'CreateTextThreadWithMessageRequest',
	'channel-create': 'CreateGuildChannelRequest',
	'channel-patch': 'UpdateGuildChannelRequestPartial',
	'thread-patch': 'UpdateThreadRequestPartial',
	'dm-create': 'CreatePrivateChannelRequest'
};

/**
 * Checks a body against Discord's documented limits first, then against discord-api-spec's schema;
 * a spec complaint about a field the limits already flagged is dropped so each problem is reported once.
 */
export function validateBody(kind: BodyKind, body: unknown, fileCount = 0): Issue[] {
	const explicit = explicitIssues(kind, body, fileCount);
	const fromSpec = specFor(kind, body);
	const flagged = new Set(explicit.map((item) => formatPath(item.path)));
	return [...explicit, ...fromSpec.filter((item) => !flagged.has(formatPath(item.path)))];
}

function explicitIssues(kind: BodyKind, body: unknown, fileCount: number): Issue[] {
	switch (kind) {
		case 'message-create':
		case 'message-edit':
		case 'webhook-execute':
		case 'webhook-edit':
			return [...messageLimitIssues(body, fileCount), ...allowedMentionsIssues(body)];
		case 'interaction-callback':
			return callbackIssues(body, fileCount);
		case 'command-create':
			return commandIssues(body);
		case 'command-patch':
			return isObject(body) && body.name === undefined ? [] : commandIssues({ description: 'x', ...(isObject(body) ? body : {}) });
		case 'commands-bulk':
			return bulkCommandIssues(body);
		default:
			return [];
	}
}

function callbackIssues(body: unknown, fileCount: number): Issue[] {
	if (!isObject(body)) return [];
	if (typeof body.type !== 'number' || !CALLBACKS[body.type]) {
		return [issue(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of (1, 4, 5, 6, 7, 8, 9, 12).', `got ${JSON.stringify(body.type)}`)];
	}
	switch (body.type as InteractionResponseType) {
		case InteractionResponseType.ChannelMessageWithSource:
		case InteractionResponseType.UpdateMessage:
			return prefixIssues(['data'], [...messageLimitIssues(body.data ?? {}, fileCount), ...allowedMentionsIssues(body.data)]);
		case InteractionResponseType.Modal:
			return prefixIssues(['data'], modalIssues(body.data));
		default:
			return [];
	}
}

function specFor(kind: BodyKind, body: unknown): Issue[] {
	if (kind === 'commands-bulk') {
		return Array.isArray(body)
			? body.flatMap((command, index) => prefixIssues([index], specIssues('ApplicationCommandUpdateRequest', command)))
			: [];
	}
	if (kind === 'interaction-callback') {
		const type = isObject(body) && typeof body.type === 'number' ? body.type : -1;
		const schema = CALLBACKS[type]?.spec;
		return schema ? specIssues(schema, body) : [];
	}
	return specIssues(SPEC_FOR_KIND[kind], body);
}
