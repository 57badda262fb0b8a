import type { APIApplicationCommand, APIEmbed, ChannelType } from 'discord.js';

/** A JSON object as it travels on the wire. */
export type JsonObject = Record<string, unknown>;

export interface UserRecord {
	id: string;
	username: string;
	globalName: string | null;
	bot: boolean;
}

export interface MemberRecord {
	userId: string;
	roles: string[];
	joinedAt: string | null;
	pending: boolean;
	nick: string | null;
	inGuild: boolean;
	dmsClosed: boolean;
	locale: string;
}

export interface RoleRecord {
	id: string;
	name: string;
	permissions: bigint;
	color: number;
	position: number;
	hoist: boolean;
	managed: boolean;
	mentionable: boolean;
	botId: string | null;
}

export interface OverwriteRecord {
	id: string;
	/** 0 = role, 1 = member */
	type: 0 | 1;
	allow: bigint;
	deny: bigint;
}

export interface ThreadMetaRecord {
	archived: boolean;
	locked: boolean;
	autoArchiveDuration: number;
	archiveTimestamp: string;
	invitable: boolean;
	createTimestamp: string;
}

export interface ChannelRecord {
	id: string;
	type: ChannelType;
	name: string | null;
	guildId: string | null;
	parentId: string | null;
	position: number;
	topic: string | null;
	overwrites: OverwriteRecord[];
	/** DM channels: the member on the other side of the bot. */
	recipientId: string | null;
	/** Threads: who created it. */
	ownerId: string | null;
	thread: ThreadMetaRecord | null;
	/** Threads: user id -> join timestamp. */
	threadMembers: Map<string, string>;
	lastMessageId: string | null;
	messageCount: number;
	rateLimitPerUser: number;
	nsfw: boolean;
}

export interface AttachmentRecord {
	id: string;
	channelId: string;
	filename: string;
	size: number;
	contentType: string;
	url: string;
	proxyUrl: string;
	data: Buffer;
	description: string | null;
	title: string | null;
	ephemeral: boolean;
}

export interface MessageInteractionMeta {
	id: string;
	type: number;
	userId: string;
	name: string | null;
	originalResponseMessageId: string | null;
	interactedMessageId: string | null;
}

export interface MessageRecord {
	id: string;
	channelId: string;
	guildId: string | null;
	authorId: string;
	content: string;
	embeds: APIEmbed[];
	components: JsonObject[];
	attachments: AttachmentRecord[];
	flags: number;
	type: number;
	tts: boolean;
	createdAt: string;
	editedAt: string | null;
	webhookId: string | null;
	applicationId: string | null;
	interaction: MessageInteractionMeta | null;
	reference: { message_id: string; channel_id: string; guild_id?: string } | null;
	/** emoji key ("name" or "name:id") -> user ids who reacted */
	reactions: Map<string, Set<string>>;
	threadId: string | null;
	mentionIds: string[];
}

export type CommandRecord = APIApplicationCommand;
