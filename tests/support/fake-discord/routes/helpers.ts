import type { FakeCore } from '../core.ts';
import type { UploadedFile } from '../http/body.ts';
import { DiscordErrors, HttpError, invalidBody } from '../http/errors.ts';
import type { ChannelRecord, JsonObject, MessageRecord } from '../model.ts';
import { validateBody, type BodyKind } from '../validation.ts';
import { isObject } from '../validation/component-limits.ts';
import { isEmptyMessage } from '../validation/message-limits.ts';

export function requireChannel(core: FakeCore, channelId: string | undefined): ChannelRecord {
	const channel = channelId ? core.state.channels.get(channelId) : undefined;
	if (!channel) throw DiscordErrors.unknownChannel();
	return channel;
}

export function requireMessage(core: FakeCore, channel: ChannelRecord, messageId: string | undefined): MessageRecord {
	const message = messageId ? core.state.messages.get(messageId) : undefined;
	if (!message || message.channelId !== channel.id) throw DiscordErrors.unknownMessage();
	return message;
}

/** The JSON body as an object, or a 400 like Discord gives for a body that is not one. */
export function objectBody(json: unknown, route: string): JsonObject {
	if (json === undefined || json === null) return {};
	if (!isObject(json)) {
		throw new HttpError(
			400,
			{ code: 50109, message: 'The request body contains invalid JSON.' },
			{ kind: 'invalid-body', reason: `${route}: body is not a JSON object` }
		);
	}
	return json;
}

/** Validates against the limits and the spec; throws Discord's 50035 (recorded as a violation) when anything is wrong. */
export function assertValid(kind: BodyKind, body: unknown, files: readonly UploadedFile[], route: string): void {
	const issues = validateBody(kind, body, files.length);
	if (issues.length > 0) throw invalidBody(route, kind, issues);
}

/** A new message with no content, embeds, components, files, stickers or poll: Discord's 50006. */
export function assertNotEmpty(body: unknown, files: readonly UploadedFile[], route: string): void {
	if (isEmptyMessage(body, files.length)) {
		throw DiscordErrors.emptyMessage().asViolation(
			'invalid-body',
			`${route}: Cannot send an empty message (50006): no content, embeds, components or files`
		);
	}
}
