import { MessageFlags, type APIEmbed } from 'discord.js';
import type { FakeCore } from './core.ts';
import { dispatchMessageCreate, dispatchMessageUpdate } from './events.ts';
import type { UploadedFile } from './http/body.ts';
import { DiscordErrors, type HttpError } from './http/errors.ts';
import type { AttachmentRecord, JsonObject, MessageInteractionMeta, MessageRecord } from './model.ts';
import { recordMentions } from './notifications.ts';
import { isObject } from './validation/component-limits.ts';

/** Flags the bot may set itself when sending (the rest are Discord's to set). */
const SETTABLE_FLAGS = MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export interface BotMessageInput {
	readonly channelId: string;
	readonly body: JsonObject;
	readonly files: readonly UploadedFile[];
	readonly route: string;
	readonly type?: number;
	readonly webhook?: boolean;
	readonly interaction?: MessageInteractionMeta | null;
	readonly extraFlags?: number;
}

/** Stores a message the bot sent (REST, interaction reply or follow-up) and dispatches MESSAGE_CREATE. */
/** Discord keeps a message's nonce for a few minutes; with `enforce_nonce` a resend returns the first message. */
const NONCE_WINDOW_MS = 5 * 60_000;
const noncesByCore = new WeakMap<FakeCore, Map<string, { messageId: string; at: number }>>();
const replaysByCore = new WeakMap<FakeCore, number>();

/** How many sends Discord answered with an earlier message because of their nonce (a resend the member never saw). */
export function nonceReplays(core: FakeCore): number {
	return replaysByCore.get(core) ?? 0;
}

function nonceKey(input: BotMessageInput): string | null {
	const nonce = input.body.nonce;
	if (input.body.enforce_nonce !== true || (typeof nonce !== 'string' && typeof nonce !== 'number')) return null;
	return `${input.channelId}:${String(nonce)}`;
}

export function createBotMessage(core: FakeCore, input: BotMessageInput): MessageRecord {
	const key = nonceKey(input);
	const nonces = noncesByCore.get(core) ?? new Map<string, { messageId: string; at: number }>();
	noncesByCore.set(core, nonces);
	if (key) {
		const seen = nonces.get(key);
		const earlier = seen && Date.now() - seen.at < NONCE_WINDOW_MS ? core.state.messages.get(seen.messageId) : undefined;
		if (earlier) {
			replaysByCore.set(core, nonceReplays(core) + 1);
			return earlier;
		}
	}
	const message = createNewBotMessage(core, input);
	if (key) nonces.set(key, { messageId: message.id, at: Date.now() });
	return message;
}

function createNewBotMessage(core: FakeCore, input: BotMessageInput): MessageRecord {
	const attachments = attachmentsFrom(core, input.channelId, input.body, input.files, [], input.route);
	const reference =
		isObject(input.body.message_reference) && typeof input.body.message_reference.message_id === 'string'
			? {
					message_id: input.body.message_reference.message_id,
					channel_id:
						typeof input.body.message_reference.channel_id === 'string' ? input.body.message_reference.channel_id : input.channelId
				}
			: null;
	const message = core.state.addMessage({
		channelId: input.channelId,
		authorId: core.bot.id,
		content: typeof input.body.content === 'string' ? input.body.content : '',
		embeds: Array.isArray(input.body.embeds) ? (input.body.embeds as APIEmbed[]) : [],
		components: Array.isArray(input.body.components) ? (input.body.components as JsonObject[]) : [],
		attachments,
		flags: (numberOr(input.body.flags, 0) & SETTABLE_FLAGS) | (input.extraFlags ?? 0),
		tts: input.body.tts === true,
		type: input.type ?? (reference ? 19 : 0),
		webhookId: input.webhook ? core.bot.applicationId : null,
		applicationId: input.webhook ? core.bot.applicationId : null,
		interaction: input.interaction ?? null,
		reference,
		mentionIds: mentionsIn(core, typeof input.body.content === 'string' ? input.body.content : '')
	});
	recordMentions(core, message, { allowedMentions: input.body.allowed_mentions, defaults: input.webhook ? 'webhook' : 'message' });
	dispatchMessageCreate(core, message);
	return message;
}

/** Applies an edit body (content, embeds, components, flags, attachments, files) and dispatches MESSAGE_UPDATE. */
export function editBotMessage(
	core: FakeCore,
	message: MessageRecord,
	body: JsonObject,
	files: readonly UploadedFile[],
	route: string
): MessageRecord {
	// The first edit of a deferred reply ("thinking…") is the reply itself: its mentions notify like a new message's.
	const firstContent = (message.flags & MessageFlags.Loading) !== 0;
	if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
	if ('embeds' in body) message.embeds = Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]) : [];
	if ('components' in body) message.components = Array.isArray(body.components) ? (body.components as JsonObject[]) : [];
	if (typeof body.flags === 'number')
		message.flags = (message.flags & ~SETTABLE_FLAGS) | (body.flags & SETTABLE_FLAGS) | (message.flags & MessageFlags.Ephemeral);
	if ('attachments' in body || files.length > 0) {
		const kept = Array.isArray(body.attachments)
			? message.attachments.filter((existing) =>
					(body.attachments as unknown[]).some((item) => isObject(item) && String(item.id) === existing.id)
				)
			: message.attachments;
		message.attachments = attachmentsFrom(core, message.channelId, body, files, kept, route);
	}
	message.flags &= ~MessageFlags.Loading;
	if (typeof body.content === 'string') message.mentionIds = mentionsIn(core, body.content);
	core.state.messageUpdated(message);
	if ('content' in body || 'components' in body)
		recordMentions(core, message, {
			allowedMentions: body.allowed_mentions,
			defaults: message.webhookId ? 'webhook' : 'message',
			edit: !firstContent
		});
	dispatchMessageUpdate(core, message);
	return message;
}

function attachmentsFrom(
	core: FakeCore,
	channelId: string,
	body: JsonObject,
	files: readonly UploadedFile[],
	kept: readonly AttachmentRecord[],
	route: string
): AttachmentRecord[] {
	const tooLarge = files.find((file) => file.data.byteLength > core.config.maxFileBytes);
	if (tooLarge) throw fileTooLarge(core, tooLarge, route);
	const described = Array.isArray(body.attachments) ? body.attachments.filter(isObject) : [];
	const uploaded = files.map((file, position) => {
		const index = file.index ?? position;
		const meta = described.find((item) => String(item.id) === String(index));
		return core.state.storeAttachment({
			channelId,
			filename: typeof meta?.filename === 'string' ? meta.filename : file.name,
			data: file.data,
			contentType: file.contentType,
			description: typeof meta?.description === 'string' ? meta.description : null,
			title: typeof meta?.title === 'string' ? meta.title : null
		});
	});
	return [...kept, ...uploaded];
}

function fileTooLarge(core: FakeCore, file: UploadedFile, route: string): HttpError {
	const limit = core.config.maxFileBytes;
	return DiscordErrors.entityTooLarge().asViolation(
		'file-too-large',
		`${route}: file "${file.name}" is ${file.data.byteLength} bytes, over the ${limit}-byte (${(limit / 1024 / 1024).toFixed(0)} MiB) upload limit (413 40005)`
	);
}

/** User ids mentioned as <@id> or <@!id> in content. */
export function mentionsIn(core: FakeCore, content: string): string[] {
	const ids = [...content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1] ?? '');
	return [...new Set(ids)].filter((id) => core.state.users.has(id));
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' ? value : fallback;
}
