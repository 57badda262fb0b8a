import { ChannelType, ComponentType, InteractionType, PermissionFlagsBits, type APIUser } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { dispatchChannel, dispatchMessageCreate, dispatchReaction } from '../events.ts';
import type { FakeFile } from '../files.ts';
import type { JsonObject, MemberRecord, MessageRecord } from '../model.ts';
import { recordMentions } from '../notifications.ts';
import { canView, channelPermissions, hasPermission } from '../permissions.ts';
import { requireUser, userToAPI } from '../serialize.ts';
import { messageToAPI } from '../serialize-message.ts';
import { clip } from '../transcript.ts';
import { InteractionHandle } from './interaction-handle.ts';
import { sendInteraction } from './interaction-payload.ts';
import type { MessageWaiter } from './message-waiter.ts';
import { buildModalSubmission, type ModalFieldValue } from './modal-submit.ts';
import { findInvocableCommand } from './command-lookup.ts';
import { commandAvailability, placeOf, type CommandAvailability } from '../command-scope.ts';
import { isGuildMember, sharesGuildWithBot } from '../guilds.ts';
import { buildSlashData, type SlashInvocation } from './slash-options.ts';
import { messageView, walkComponents, type MessageView, type ModalView } from './views.ts';
import { SELECT_TYPES } from '../validation/component-limits.ts';

export interface SlashOptions extends SlashInvocation {
	/** Channel id to run it in (default #general), or 'dm' for the member's DM with the bot. */
	readonly channel?: string;
}

export interface SendOptions {
	readonly files?: readonly FakeFile[];
	/** Reply to this message. */
	readonly replyTo?: MessageView | string;
}

/** A person on the fake Discord: runs slash commands, clicks, fills modals, writes messages, reads DMs. */
export class FakeMember {
	readonly id: string;
	readonly username: string;
	readonly #core: FakeCore;
	readonly #waiter: MessageWaiter;

	constructor(core: FakeCore, userId: string, waiter: MessageWaiter) {
		this.#core = core;
		this.#waiter = waiter;
		this.id = userId;
		this.username = requireUser(core.state, userId).username;
	}

	/** The member's current guild state (roles, pending, in guild, DMs closed, locale). */
	get record(): Readonly<MemberRecord> {
		const record = this.#core.state.members.get(this.id);
		if (!record) throw new Error(`fake Discord: ${this.username} has no member record`);
		return record;
	}

	get user(): APIUser {
		return userToAPI(requireUser(this.#core.state, this.id));
	}

	/** `<@id>`, for content assertions. */
	get mention(): string {
		return `<@${this.id}>`;
	}

	/** The DM channel between this member and the bot (opened on first use, like Discord). */
	get dmChannelId(): string {
		return this.#core.state.dmChannelFor(this.id).id;
	}

	/** Runs a slash command the bot registered; returns a handle to await the bot's answer. */
	async slash(name: string, options: SlashOptions = {}): Promise<InteractionHandle> {
		const inDm = options.channel === 'dm';
		const channelId = inDm ? this.dmChannelId : (options.channel ?? this.#core.seeded.channels.general ?? '');
		if (!inDm) this.#assertCanSee(channelId, `use /${name}`);
		const command = findInvocableCommand(this.#core, this, name, channelId);
		const { data, label } = buildSlashData(this.#core, command, options, channelId);
		const record = sendInteraction(this.#core, {
			type: InteractionType.ApplicationCommand,
			userId: this.id,
			channelId,
			data,
			label,
			commandName: command.name
		});
		return new InteractionHandle(this.#core, record);
	}

	/**
	 * Whether Discord would offer this member `/name` in a channel (default #general) or in their DM with the bot, and
	 * why not (guild command in a DM, contexts, integration types, default_member_permissions...).
	 */
	canUse(name: string, options: { readonly channel?: string } = {}): CommandAvailability {
		const channelId = options.channel === 'dm' ? this.dmChannelId : (options.channel ?? this.#core.seeded.channels.general ?? '');
		return commandAvailability(this.#core, this.id, name, placeOf(this.#core, channelId));
	}

	/** Clicks a button (by custom_id or label) on a message the bot sent. */
	async click(message: MessageView | string, customIdOrLabel: string): Promise<InteractionHandle> {
		const record = this.#visibleMessage(message, 'click');
		const buttons: JsonObject[] = [];
		walkComponents(record.components, (node) => {
			if (node.type === ComponentType.Button) buttons.push(node);
		});
		const button = buttons.find((item) => item.custom_id === customIdOrLabel) ?? buttons.find((item) => item.label === customIdOrLabel);
		if (!button) {
			const known = buttons.map((item) => `${text(item.label)} [${text(item.custom_id) || text(item.url)}]`).join(', ');
			throw new Error(`${this.username} found no button "${customIdOrLabel}" on message ${record.id} (buttons: ${known || 'none'})`);
		}
		if (typeof button.url === 'string')
			throw new Error(`button "${customIdOrLabel}" is a link to ${button.url}; clicking it sends no interaction`);
		if (button.disabled === true) throw new Error(`button "${customIdOrLabel}" is disabled; a member cannot click it`);
		const customId = String(button.custom_id);
		return this.#component(record, { custom_id: customId, component_type: ComponentType.Button }, `button "${customId}"`);
	}

	/** Picks values in a select menu on a message the bot sent (string select: option values; others: ids). */
	async select(message: MessageView | string, customId: string, values: readonly string[]): Promise<InteractionHandle> {
		const record = this.#visibleMessage(message, 'use a select menu');
		let select: JsonObject | undefined;
		walkComponents(record.components, (node) => {
			if (typeof node.type === 'number' && SELECT_TYPES.includes(node.type) && node.custom_id === customId) select = node;
		});
		if (!select) throw new Error(`${this.username} found no select menu "${customId}" on message ${record.id}`);
		if (select.disabled === true) throw new Error(`select menu "${customId}" is disabled`);
		const min = typeof select.min_values === 'number' ? select.min_values : 1;
		const max = typeof select.max_values === 'number' ? select.max_values : 1;
		if (values.length < min || values.length > max)
			throw new Error(`select menu "${customId}" takes ${min}-${max} value(s), got ${values.length}`);
		const data: JsonObject = { custom_id: customId, component_type: select.type, values: [...values] };
		if (select.type === ComponentType.StringSelect) {
			const options = Array.isArray(select.options) ? (select.options as JsonObject[]) : [];
			const unknown = values.filter((value) => !options.some((option) => option.value === value));
			if (unknown.length > 0)
				throw new Error(
					`select menu "${customId}" has no option(s) ${unknown.join(', ')} (options: ${options.map((option) => String(option.value)).join(', ')})`
				);
		} else {
			data.resolved = this.#resolveIds(values);
		}
		return this.#component(record, data, `select "${customId}" = [${values.join(', ')}]`);
	}

	/** Submits a modal the bot opened, with a value per field custom id. */
	async submitModal(modal: ModalView, values: Readonly<Record<string, ModalFieldValue>>): Promise<InteractionHandle> {
		const source = this.#core.interactions.byId(modal.interactionId);
		if (!source?.modal) throw new Error(`fake Discord: interaction ${modal.interactionId} opened no modal`);
		if (source.userId !== this.id) throw new Error(`${this.username} cannot submit a modal that was shown to someone else`);
		if (source.modalSubmitted) throw new Error(`modal "${modal.title}" was already submitted; Discord closes a modal on submit`);
		const data = buildModalSubmission(this.#core, modal, values);
		source.modalSubmitted = true;
		const sourceMessage = source.sourceMessageId ? this.#core.state.messages.get(source.sourceMessageId) : undefined;
		const shown = Object.entries(values)
			.map(([key, value]) => `${key}=${describeValue(value)}`)
			.join(' ');
		const record = sendInteraction(this.#core, {
			type: InteractionType.ModalSubmit,
			userId: this.id,
			channelId: modal.channelId,
			data,
			label: `modal "${modal.customId}" ${shown}`.trim(),
			sourceMessageId: sourceMessage?.id ?? null,
			...(sourceMessage ? { message: messageToAPI(this.#core.state, sourceMessage) } : {})
		});
		return new InteractionHandle(this.#core, record);
	}

	/** Writes in a guild channel or thread (files are served on loopback as attachments). */
	async sendMessage(channelId: string, content: string, options: SendOptions = {}): Promise<MessageView> {
		const channel = this.#core.state.channels.get(channelId);
		if (!channel) throw new Error(`fake Discord: no channel ${channelId}`);
		if (channel.type === ChannelType.DM) {
			if (channel.recipientId !== this.id) throw new Error(`${this.username} cannot write in someone else's DM`);
			return this.#post(channelId, content, options);
		}
		if (this.record.pending)
			throw new Error(`${this.username} has not passed membership screening (pending) and cannot send messages in the guild`);
		this.#assertCanSee(channelId, 'write there');
		const needed = channel.thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
		if (!hasPermission(channelPermissions(this.#core.state, this.id, channelId), needed))
			throw new Error(`${this.username} may not send messages in ${this.#core.describeChannel(channelId)}`);
		if (channel.thread?.archived) {
			if (channel.thread.locked) throw new Error(`${this.#core.describeChannel(channelId)} is archived and locked`);
			channel.thread.archived = false;
			channel.thread.archiveTimestamp = this.#core.clock.iso();
			dispatchChannel(this.#core, channel, 'update');
		}
		return this.#post(channelId, content, options);
	}

	/**
	 * Writes to the bot in DMs. A user who shares no server with the bot cannot (Discord's client answers "Your message
	 * could not be delivered", as it does for the bot's DMs to them: 50278/50007); throws, and nothing reaches the bot.
	 */
	async dm(content: string, options: SendOptions = {}): Promise<MessageView> {
		if (!sharesGuildWithBot(this.#core.state, this.id, this.#core.bot.id)) {
			throw new Error(`${this.username} shares no server with the bot: Discord does not deliver their DM to it`);
		}
		return this.#post(this.dmChannelId, content, options);
	}

	/** Adds a reaction (unicode emoji or name:id) to a message. */
	async react(message: MessageView | string, emoji: string): Promise<void> {
		const record = this.#visibleMessage(message, 'react');
		const users = record.reactions.get(emoji) ?? new Set<string>();
		if (users.has(this.id)) return;
		users.add(this.id);
		record.reactions.set(emoji, users);
		this.#core.transcript.add('member', `${this.username} reacted ${emoji} to ${record.id}`);
		dispatchReaction(this.#core, record, this.id, emoji, true);
	}

	/** The next DM from the bot that no earlier wait returned. */
	async nextDm(options: { timeoutMs?: number; predicate?: (message: MessageView) => boolean } = {}): Promise<MessageView> {
		return this.#waiter.next({ dmTo: this.id, ...(options.predicate ? { predicate: options.predicate } : {}) }, options.timeoutMs);
	}

	/** Every DM the bot sent this member so far, oldest first. */
	dms(): MessageView[] {
		const channelId = this.#core.state.dmChannels.get(this.id);
		if (!channelId) return [];
		return this.#core.state
			.channelMessages(channelId)
			.filter((message) => message.authorId === this.#core.bot.id)
			.map(messageView);
	}

	#post(channelId: string, content: string, options: SendOptions): MessageView {
		const { state } = this.#core;
		const files = options.files ?? [];
		const tooBig = files.find((file) => file.data.byteLength > this.#core.config.maxFileBytes);
		if (tooBig) throw new Error(`Discord's client refuses ${tooBig.name}: ${tooBig.data.byteLength} bytes is over the upload limit`);
		if (files.length > 10) throw new Error('Discord allows 10 attachments per message');
		const replyId = typeof options.replyTo === 'string' ? options.replyTo : options.replyTo?.id;
		const channel = state.channels.get(channelId);
		const message = state.addMessage({
			channelId,
			authorId: this.id,
			content,
			type: replyId ? 19 : 0,
			reference: replyId ? { message_id: replyId, channel_id: channelId, ...(channel?.guildId ? { guild_id: channel.guildId } : {}) } : null,
			attachments: files.map((file) =>
				state.storeAttachment({ channelId, filename: file.name, data: file.data, contentType: file.contentType })
			),
			mentionIds: [...content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1] ?? '').filter((id) => state.users.has(id))
		});
		const extra = files.length > 0 ? ` +${files.map((file) => file.name).join(', ')}` : '';
		this.#core.transcript.add('member', `${this.username} → ${this.#core.describeChannel(channelId)}: "${clip(content)}"${extra}`);
		recordMentions(this.#core, message, { allowedMentions: undefined, defaults: 'message' });
		dispatchMessageCreate(this.#core, message);
		return messageView(message);
	}

	#component(record: MessageRecord, data: JsonObject, label: string): InteractionHandle {
		const interaction = sendInteraction(this.#core, {
			type: InteractionType.MessageComponent,
			userId: this.id,
			channelId: record.channelId,
			data,
			label,
			sourceMessageId: record.id,
			message: messageToAPI(this.#core.state, record)
		});
		return new InteractionHandle(this.#core, interaction);
	}

	#visibleMessage(message: MessageView | string, action: string): MessageRecord {
		const id = typeof message === 'string' ? message : message.id;
		const record = this.#core.state.messages.get(id);
		if (!record) throw new Error(`${this.username} cannot ${action}: message ${id} does not exist (deleted?)`);
		const channel = this.#core.state.channels.get(record.channelId);
		if (record.interaction && (record.flags & 64) !== 0 && record.interaction.userId !== this.id) {
			throw new Error(`${this.username} cannot ${action}: message ${id} is ephemeral and was shown to someone else`);
		}
		if (channel?.type === ChannelType.DM) {
			if (channel.recipientId !== this.id) throw new Error(`${this.username} cannot ${action}: message ${id} is in someone else's DM`);
		} else {
			this.#assertCanSee(record.channelId, action);
		}
		return record;
	}

	#assertCanSee(channelId: string, action: string): void {
		const { state } = this.#core;
		const guildId = state.channels.get(channelId)?.guildId ?? state.guildId;
		if (!isGuildMember(state, guildId, this.id))
			throw new Error(`${this.username} is not in the guild and cannot ${action} (call fake.join(member) first)`);
		if (!canView(state, this.id, channelId))
			throw new Error(`${this.username} cannot see ${this.#core.describeChannel(channelId)} and cannot ${action}`);
	}

	#resolveIds(ids: readonly string[]): JsonObject {
		const { state } = this.#core;
		const users: JsonObject = {};
		const roles: JsonObject = {};
		const channels: JsonObject = {};
		for (const id of ids) {
			const user = state.users.get(id);
			if (user) users[id] = userToAPI(user);
			const role = state.roles.get(id);
			if (role) roles[id] = { id: role.id, name: role.name };
			const channel = state.channels.get(id);
			if (channel) channels[id] = { id: channel.id, name: channel.name, type: channel.type, permissions: '0' };
		}
		return Object.fromEntries(Object.entries({ users, roles, channels }).filter(([, entries]) => Object.keys(entries).length > 0));
	}
}

function describeValue(value: ModalFieldValue): string {
	if (typeof value === 'string') return JSON.stringify(clip(value, 30));
	if (typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return `[${value.map((item: FakeFile | string) => (typeof item === 'string' ? item : item.name)).join(', ')}]`;
	return (value as FakeFile).name;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}
