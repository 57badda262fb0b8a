import { ChannelType } from 'discord.js';
import { registerAttachment } from './attachment-urls.ts';
import type { FakeClock } from './clock.ts';
import type { AttachmentRecord, ChannelRecord, CommandRecord, MemberRecord, MessageRecord, RoleRecord, UserRecord } from './model.ts';
import type { SnowflakeFactory } from './snowflake.ts';

export type MessageChangeKind = 'create' | 'update' | 'delete';
export type MessageListener = (kind: MessageChangeKind, message: MessageRecord) => void;

export interface NewAttachment {
	channelId: string;
	filename: string;
	data: Buffer;
	contentType: string;
	description?: string | null;
	title?: string | null;
	ephemeral?: boolean;
}

export type NewMessage = Pick<MessageRecord, 'channelId' | 'authorId'> & Partial<Omit<MessageRecord, 'id' | 'channelId' | 'authorId'>>;

export type NewChannel = Pick<ChannelRecord, 'type'> & Partial<ChannelRecord>;

/** The one guild, its people, channels, messages, files and registered commands. */
export class FakeState {
	readonly users = new Map<string, UserRecord>();
	readonly members = new Map<string, MemberRecord>();
	readonly roles = new Map<string, RoleRecord>();
	readonly channels = new Map<string, ChannelRecord>();
	readonly messages = new Map<string, MessageRecord>();
	readonly attachments = new Map<string, AttachmentRecord>();
	readonly commands = new Map<string, CommandRecord>();
	/** user id -> DM channel id between that user and the bot */
	readonly dmChannels = new Map<string, string>();
	readonly #messageListeners = new Set<MessageListener>();
	/** channel id -> its messages in id order (ids only grow), so reading one channel never walks every message. */
	readonly #byChannel = new Map<string, Map<string, MessageRecord>>();
	readonly guildId: string;
	guildName = 'FPSOS Test Guild';
	ownerId = '';
	systemChannelId: string | null = null;
	rulesChannelId: string | null = null;
	readonly ids: SnowflakeFactory;
	readonly clock: FakeClock;
	readonly #httpBase: string;

	constructor(ids: SnowflakeFactory, clock: FakeClock, httpBase: string) {
		this.ids = ids;
		this.clock = clock;
		this.#httpBase = httpBase;
		this.guildId = ids.next();
	}

	addUser(user: Omit<UserRecord, 'id'> & { id?: string }): UserRecord {
		const record: UserRecord = { ...user, id: user.id ?? this.ids.next() };
		this.users.set(record.id, record);
		return record;
	}

	guildMembers(): MemberRecord[] {
		return [...this.members.values()].filter((member) => member.inGuild);
	}

	createChannel(channel: NewChannel): ChannelRecord {
		const record: ChannelRecord = {
			name: null,
			guildId: null,
			parentId: null,
			position: 0,
			topic: null,
			overwrites: [],
			recipientId: null,
			ownerId: null,
			thread: null,
			threadMembers: new Map(),
			lastMessageId: null,
			messageCount: 0,
			rateLimitPerUser: 0,
			nsfw: false,
			...channel,
			id: channel.id ?? this.ids.next()
		};
		this.channels.set(record.id, record);
		return record;
	}

	/** The DM channel between the bot and a user; the same one every time, as on Discord. */
	dmChannelFor(userId: string): ChannelRecord {
		const existing = this.dmChannels.get(userId);
		const channel = existing ? this.channels.get(existing) : undefined;
		if (channel) return channel;
		const created = this.createChannel({ type: ChannelType.DM, recipientId: userId });
		this.dmChannels.set(userId, created.id);
		return created;
	}

	storeAttachment(file: NewAttachment): AttachmentRecord {
		const id = this.ids.next();
		const path = `/attachments/${file.channelId}/${id}/${encodeURIComponent(file.filename)}`;
		const record: AttachmentRecord = {
			id,
			channelId: file.channelId,
			filename: file.filename,
			size: file.data.byteLength,
			contentType: file.contentType,
			url: `${this.#httpBase}${path}`,
			proxyUrl: `${this.#httpBase}${path}?proxy=1`,
			data: file.data,
			description: file.description ?? null,
			title: file.title ?? null,
			ephemeral: file.ephemeral ?? false
		};
		this.attachments.set(id, record);
		registerAttachment(this, record);
		return record;
	}

	addMessage(message: NewMessage): MessageRecord {
		const channel = this.channels.get(message.channelId);
		const record: MessageRecord = {
			guildId: channel?.guildId ?? null,
			content: '',
			embeds: [],
			components: [],
			attachments: [],
			flags: 0,
			type: 0,
			tts: false,
			createdAt: this.clock.iso(),
			editedAt: null,
			webhookId: null,
			applicationId: null,
			interaction: null,
			reference: null,
			reactions: new Map(),
			threadId: null,
			mentionIds: [],
			...message,
			id: this.ids.next()
		};
		this.messages.set(record.id, record);
		let inChannel = this.#byChannel.get(record.channelId);
		if (!inChannel) this.#byChannel.set(record.channelId, (inChannel = new Map()));
		inChannel.set(record.id, record);
		if (channel) {
			channel.lastMessageId = record.id;
			channel.messageCount += 1;
		}
		this.#notify('create', record);
		return record;
	}

	/** Call after mutating a message record so waiters see the change. */
	messageUpdated(message: MessageRecord): void {
		message.editedAt = this.clock.iso();
		this.#notify('update', message);
	}

	deleteMessage(message: MessageRecord): void {
		this.messages.delete(message.id);
		this.#byChannel.get(message.channelId)?.delete(message.id);
		this.#notify('delete', message);
	}

	/** A channel's messages, oldest first. */
	channelMessages(channelId: string): MessageRecord[] {
		return [...(this.#byChannel.get(channelId)?.values() ?? [])];
	}

	onMessage(listener: MessageListener): () => void {
		this.#messageListeners.add(listener);
		return () => this.#messageListeners.delete(listener);
	}

	#notify(kind: MessageChangeKind, message: MessageRecord): void {
		for (const listener of this.#messageListeners) listener(kind, message);
	}
}

export function compareSnowflakes(a: string, b: string): number {
	const left = BigInt(a);
	const right = BigInt(b);
	return left < right ? -1 : left > right ? 1 : 0;
}
