import { ChannelType, ComponentType, MessageFlags, type APIEmbed } from 'discord.js';
import type { AttachmentRecord, ChannelRecord, JsonObject, MessageRecord } from '../model.ts';
import { isObject } from '../validation/component-limits.ts';
import { viewUrl } from '../attachment-urls.ts';

/** A file on a message, with its bytes (served at `url` on loopback too). */
export interface AttachmentView {
	readonly id: string;
	readonly filename: string;
	readonly size: number;
	readonly contentType: string;
	/** Signed when the view was made: valid for 24 h on the fake clock (attachment-urls.ts). */
	readonly url: string;
	readonly description: string | null;
	readonly data: Buffer;
	/** The bytes as UTF-8 text. */
	text(): string;
}

export interface ButtonView {
	readonly customId: string | null;
	readonly label: string | null;
	readonly style: number;
	readonly url: string | null;
	readonly disabled: boolean;
}

/** A message as a member sees it, at the time it was read. */
export interface MessageView {
	readonly id: string;
	readonly channelId: string;
	readonly guildId: string | null;
	readonly authorId: string;
	readonly content: string;
	readonly embeds: readonly APIEmbed[];
	readonly components: readonly JsonObject[];
	readonly attachments: readonly AttachmentView[];
	readonly flags: number;
	readonly ephemeral: boolean;
	readonly edited: boolean;
	/** Set when the message answers an interaction. */
	readonly interactionId: string | null;
	readonly threadId: string | null;
	/** emoji -> user ids */
	readonly reactions: Readonly<Record<string, readonly string[]>>;
	/** Every button, however deeply nested. */
	readonly buttons: readonly ButtonView[];
	/** Custom ids of every interactive component (buttons, selects). */
	readonly customIds: readonly string[];
	/** Content, embed text and text displays together: handy for `toContain` assertions. */
	readonly text: string;
}

/** A modal the bot opened, ready for `member.submitModal()`. */
export interface ModalView {
	readonly interactionId: string;
	readonly channelId: string;
	readonly sourceMessageId: string | null;
	readonly customId: string;
	readonly title: string;
	readonly components: readonly JsonObject[];
	/** The inputs a member can fill, by custom id. */
	readonly fields: readonly ModalFieldView[];
}

export interface ModalFieldView {
	readonly customId: string;
	readonly type: number;
	readonly label: string | null;
	readonly required: boolean;
	readonly minLength: number | null;
	readonly maxLength: number | null;
}

export function attachmentView(record: AttachmentRecord): AttachmentView {
	return {
		id: record.id,
		filename: record.filename,
		size: record.size,
		contentType: record.contentType,
		url: viewUrl(record),
		description: record.description,
		data: record.data,
		text: () => record.data.toString('utf8')
	};
}

export function messageView(record: MessageRecord): MessageView {
	const buttons: ButtonView[] = [];
	const customIds: string[] = [];
	const texts: string[] = [record.content];
	walkComponents(record.components, (node) => {
		if (typeof node.custom_id === 'string') customIds.push(node.custom_id);
		if (node.type === ComponentType.Button) {
			buttons.push({
				customId: typeof node.custom_id === 'string' ? node.custom_id : null,
				label: typeof node.label === 'string' ? node.label : null,
				style: typeof node.style === 'number' ? node.style : 0,
				url: typeof node.url === 'string' ? node.url : null,
				disabled: node.disabled === true
			});
		}
		if (node.type === ComponentType.TextDisplay && typeof node.content === 'string') texts.push(node.content);
	});
	for (const embed of record.embeds) {
		texts.push(embed.author?.name ?? '', embed.title ?? '', embed.description ?? '');
		for (const field of embed.fields ?? []) texts.push(field.name, field.value);
		texts.push(embed.footer?.text ?? '');
	}
	return {
		id: record.id,
		channelId: record.channelId,
		guildId: record.guildId,
		authorId: record.authorId,
		content: record.content,
		embeds: structuredClone(record.embeds),
		components: structuredClone(record.components),
		attachments: record.attachments.map(attachmentView),
		flags: record.flags,
		ephemeral: (record.flags & MessageFlags.Ephemeral) !== 0,
		edited: record.editedAt !== null,
		interactionId: record.interaction?.id ?? null,
		threadId: record.threadId,
		reactions: Object.fromEntries([...record.reactions.entries()].map(([emoji, users]) => [emoji, [...users]])),
		buttons,
		customIds,
		text: texts.filter((text) => text.length > 0).join('\n')
	};
}

/** Visits every component (rows, containers, sections, labels, accessories). */
export function walkComponents(components: readonly unknown[], visit: (node: JsonObject) => void): void {
	for (const node of components) {
		if (!isObject(node)) continue;
		visit(node);
		if (Array.isArray(node.components)) walkComponents(node.components, visit);
		if (isObject(node.component)) walkComponents([node.component], visit);
		if (isObject(node.accessory)) walkComponents([node.accessory], visit);
	}
}

/** A thread as the driver reports it. */
export interface ThreadView {
	readonly id: string;
	readonly name: string;
	readonly parentId: string;
	readonly ownerId: string;
	readonly private: boolean;
	readonly archived: boolean;
	readonly locked: boolean;
	readonly invitable: boolean;
	readonly memberIds: readonly string[];
}

export function threadView(channel: ChannelRecord): ThreadView {
	return {
		id: channel.id,
		name: channel.name ?? '',
		parentId: channel.parentId ?? '',
		ownerId: channel.ownerId ?? '',
		private: channel.type === ChannelType.PrivateThread,
		archived: channel.thread?.archived ?? false,
		locked: channel.thread?.locked ?? false,
		invitable: channel.thread?.invitable ?? false,
		memberIds: [...channel.threadMembers.keys()]
	};
}
