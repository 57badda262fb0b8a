import { ChannelType, ComponentType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from './core.ts';
import { dispatchThreadMembers } from './events.ts';
import type { ChannelRecord, MessageRecord } from './model.ts';
import { canView, channelPermissions, hasPermission } from './permissions.ts';
import { isObject } from './validation/component-limits.ts';

/**
 * Who Discord would notify of a message, and who it adds to a thread on the way. Sources (discord-api-docs):
 * resources/message.mdx "Allowed Mentions Object" (defaults, `parse` vs lists, mentionable roles / Mention Everyone,
 * SUPPRESS_NOTIFICATIONS), topics/threads.mdx (private threads: members and Manage Threads only, View Channel on the
 * parent). Only *reported* (issue threads, not the docs): a bot's role mention in a thread adds none of the role's
 * members (openabdev/openab #806); a human's does; a user mention in a private thread adds that user when they can
 * view the parent (discord-api-docs #5295); mentions added by an edit add members without notifying them
 * (MarcusOtter/discord-needle #107). Notification settings (server default, per-user, per-thread) are not modelled:
 * "notified" means "mentioned in a way that pings", as in a server set to Only @mentions, plus every DM.
 */
export interface MentionOutcome {
	/** Users who get a notification (push) for the message. */
	readonly notified: readonly string[];
	/** Users the message mentions in a way they see (a badge), notified or not (@silent). */
	readonly mentioned: readonly string[];
	/** Users the message added to its thread. */
	readonly addedToThread: readonly string[];
	/** Roles mentioned that reached nobody (not mentionable, not allowed, or a bot's mention in a thread). */
	readonly unreachedRoles: readonly string[];
}

type MentionKind = 'users' | 'roles' | 'everyone';

/** `allowed_mentions` when the body has none: regular messages parse everything, interactions and webhooks users only. */
export type MentionDefaults = 'message' | 'webhook';

const outcomesByCore = new WeakMap<FakeCore, Map<string, MentionOutcome>>();

function outcomes(core: FakeCore): Map<string, MentionOutcome> {
	let map = outcomesByCore.get(core);
	if (!map) {
		map = new Map();
		outcomesByCore.set(core, map);
	}
	return map;
}

/** What a message did (undefined for a message the fake never recorded an outcome for). */
export function mentionOutcome(core: FakeCore, messageId: string): MentionOutcome | undefined {
	return outcomes(core).get(messageId);
}

/** Whether a user can open a channel or thread and read it (a private thread: member, or Manage Threads). */
export function canOpen(core: FakeCore, userId: string, channelId: string): boolean {
	const channel = core.state.channels.get(channelId);
	if (!channel) return false;
	if (channel.type === ChannelType.DM) return channel.recipientId === userId;
	return core.state.members.get(userId)?.inGuild === true && canView(core.state, userId, channelId);
}

/** Mentions written in a message: content and text display components (embeds never ping). */
function mentionText(message: Pick<MessageRecord, 'content' | 'components'>): string {
	const texts = [message.content];
	const visit = (nodes: readonly unknown[]): void => {
		for (const node of nodes) {
			if (!isObject(node)) continue;
			if (node.type === ComponentType.TextDisplay && typeof node.content === 'string') texts.push(node.content);
			if (Array.isArray(node.components)) visit(node.components);
			if (isObject(node.accessory)) visit([node.accessory]);
		}
	};
	visit(message.components);
	return texts.join('\n');
}

interface Written {
	users: string[];
	roles: string[];
	everyone: boolean;
}

function written(text: string): Written {
	const unique = (pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((match) => match[1] ?? ''))];
	return { users: unique(/<@!?(\d+)>/g), roles: unique(/<@&(\d+)>/g), everyone: /@(everyone|here)\b/.test(text) };
}

/** The mentions `allowed_mentions` lets through, exactly as the docs' examples describe. */
function allowed(found: Written, allowedMentions: unknown, defaults: MentionDefaults): Written & { repliedUser: boolean } {
	if (!isObject(allowedMentions)) {
		const parse: MentionKind[] = defaults === 'message' ? ['users', 'roles', 'everyone'] : ['users'];
		return {
			users: parse.includes('users') ? found.users : [],
			roles: parse.includes('roles') ? found.roles : [],
			everyone: parse.includes('everyone') && found.everyone,
			repliedUser: defaults === 'message'
		};
	}
	const parse = Array.isArray(allowedMentions.parse) ? allowedMentions.parse.map(String) : [];
	const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
	return {
		users: parse.includes('users') ? found.users : found.users.filter((id) => list(allowedMentions.users).includes(id)),
		roles: parse.includes('roles') ? found.roles : found.roles.filter((id) => list(allowedMentions.roles).includes(id)),
		everyone: parse.includes('everyone') && found.everyone,
		repliedUser: allowedMentions.replied_user === true
	};
}

function isBot(core: FakeCore, userId: string): boolean {
	return core.state.users.get(userId)?.bot === true;
}

function inGuild(core: FakeCore, userId: string): boolean {
	return core.state.members.get(userId)?.inGuild === true;
}

function roleMembers(core: FakeCore, roleId: string): string[] {
	if (roleId === core.state.guildId) return [];
	return core.state
		.guildMembers()
		.filter((member) => member.roles.includes(roleId))
		.map((member) => member.userId);
}

function canViewParent(core: FakeCore, userId: string, thread: ChannelRecord): boolean {
	return thread.parentId !== null && inGuild(core, userId) && canView(core.state, userId, thread.parentId);
}

export interface RecordMentionsInput {
	readonly allowedMentions: unknown;
	readonly defaults: MentionDefaults;
	/** An edit adds mentioned users to the thread but notifies nobody new. */
	readonly edit?: boolean;
}

/**
 * Works out and stores who a new (or edited) message notifies, and adds to its thread the users Discord would add
 * (THREAD_MEMBERS_UPDATE). Ephemeral messages notify and add nobody.
 */
export function recordMentions(core: FakeCore, message: MessageRecord, input: RecordMentionsInput): MentionOutcome {
	const { state } = core;
	const channel = state.channels.get(message.channelId);
	const previous = outcomes(core).get(message.id);
	const none: MentionOutcome = { notified: [], mentioned: [], addedToThread: [], unreachedRoles: [] };
	if (!channel || (message.flags & MessageFlags.Ephemeral) !== 0) {
		outcomes(core).set(message.id, none);
		return none;
	}
	if (channel.type === ChannelType.DM) {
		const other = channel.recipientId === message.authorId ? null : channel.recipientId;
		const outcome = input.edit ? (previous ?? none) : { ...none, notified: other ? [other] : [], mentioned: other ? [other] : [] };
		outcomes(core).set(message.id, outcome);
		return outcome;
	}

	const found = written(mentionText(message));
	const pass = allowed(found, input.allowedMentions, input.defaults);
	const authorPermissions = channelPermissions(state, message.authorId, channel.id);
	const mayMentionAnyRole = hasPermission(authorPermissions, PermissionFlagsBits.MentionEveryone);
	const unreachedRoles = found.roles.filter((id) => !pass.roles.includes(id));
	const roles = pass.roles.filter((id) => {
		const ok = state.roles.get(id)?.mentionable === true || mayMentionAnyRole;
		if (!ok) unreachedRoles.push(id);
		return ok;
	});
	const everyone = pass.everyone && mayMentionAnyRole;
	const replied = message.reference && pass.repliedUser ? state.messages.get(message.reference.message_id)?.authorId : undefined;

	const added: string[] = [];
	if (channel.thread) {
		// Users mentioned (and let through) who can see the parent join the thread, when it is still open to joins.
		const joiners = new Set(pass.users.filter((id) => !channel.threadMembers.has(id) && canViewParent(core, id, channel)));
		for (const roleId of roles) {
			if (isBot(core, message.authorId)) {
				if (roleMembers(core, roleId).some((id) => !channel.threadMembers.has(id))) unreachedRoles.push(roleId);
				continue;
			}
			for (const id of roleMembers(core, roleId)) if (!channel.threadMembers.has(id) && canViewParent(core, id, channel)) joiners.add(id);
		}
		if (!channel.thread.archived) {
			for (const id of joiners) {
				channel.threadMembers.set(id, core.clock.iso());
				added.push(id);
			}
			if (added.length > 0) dispatchThreadMembers(core, channel, added, []);
		}
	}

	const audience = new Set<string>([...pass.users, ...roles.flatMap((id) => roleMembers(core, id)), ...(replied ? [replied] : [])]);
	if (everyone) for (const member of state.guildMembers()) audience.add(member.userId);
	const mentioned = [...audience].filter(
		(id) => id !== message.authorId && canOpen(core, id, channel.id) && (!channel.thread || channel.threadMembers.has(id))
	);
	const silent = (message.flags & MessageFlags.SuppressNotifications) !== 0;
	const outcome: MentionOutcome = input.edit
		? { ...(previous ?? none), addedToThread: [...(previous?.addedToThread ?? []), ...added] }
		: { notified: silent ? [] : mentioned, mentioned, addedToThread: added, unreachedRoles: [...new Set(unreachedRoles)] };
	outcomes(core).set(message.id, outcome);
	return outcome;
}
