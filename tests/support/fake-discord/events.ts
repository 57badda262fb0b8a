import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, MessageFlags } from 'discord.js';
import type { FakeCore } from './core.ts';
import type { ChannelRecord, MemberRecord, MessageRecord } from './model.ts';
import { channelToAPI, memberToAPI, requireUser, threadMemberToAPI } from './serialize.ts';
import { messageToAPI } from './serialize-message.ts';
import { clip } from './transcript.ts';

/** Gateway events the fake sends when something changes, shaped and gated by intents the way Discord does. */

const messageIntents = (message: MessageRecord): GatewayIntentBits[] =>
	message.guildId ? [GatewayIntentBits.GuildMessages] : [GatewayIntentBits.DirectMessages];

/** Without MessageContent, a guild message from someone else that does not mention the bot arrives blanked. */
function contentGated(core: FakeCore, message: MessageRecord): boolean {
	return message.guildId !== null && message.authorId !== core.bot.id && !message.mentionIds.includes(core.bot.id);
}

function isEphemeral(message: MessageRecord): boolean {
	return (message.flags & MessageFlags.Ephemeral) !== 0;
}

function describe(core: FakeCore, message: MessageRecord): string {
	const author = requireUser(core.state, message.authorId).username;
	const where = core.describeChannel(message.channelId);
	const what = message.content ? `"${clip(message.content, 60)}"` : `${message.embeds.length} embed(s)`;
	return `${message.id} in ${where} by ${author}: ${what}${message.attachments.length > 0 ? ` +${message.attachments.length} file(s)` : ''}`;
}

/** Gateway message payloads carry `channel_type` (discord.js needs it to build a partial DM channel). */
function gatewayMessage(core: FakeCore, message: MessageRecord): Record<string, unknown> {
	return { ...messageToAPI(core.state, message, { withMember: true }), channel_type: core.state.channels.get(message.channelId)?.type };
}

/** MESSAGE_CREATE or MESSAGE_UPDATE (the whole message either way); ephemeral messages are never dispatched. */
function dispatchMessage(
	core: FakeCore,
	message: MessageRecord,
	event: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate
): void {
	if (isEphemeral(message)) return;
	core.gateway.dispatch(event, gatewayMessage(core, message), {
		intents: messageIntents(message),
		contentGated: contentGated(core, message),
		summary: `${event} ${describe(core, message)}`
	});
}

export const dispatchMessageCreate = (core: FakeCore, message: MessageRecord): void =>
	dispatchMessage(core, message, GatewayDispatchEvents.MessageCreate);
export const dispatchMessageUpdate = (core: FakeCore, message: MessageRecord): void =>
	dispatchMessage(core, message, GatewayDispatchEvents.MessageUpdate);

export function dispatchMessageDelete(core: FakeCore, message: MessageRecord): void {
	if (isEphemeral(message)) return;
	core.gateway.dispatch(
		GatewayDispatchEvents.MessageDelete,
		{ id: message.id, channel_id: message.channelId, ...(message.guildId ? { guild_id: message.guildId } : {}) },
		{ intents: messageIntents(message), summary: `MESSAGE_DELETE ${message.id}` }
	);
}

export function dispatchReaction(core: FakeCore, message: MessageRecord, userId: string, emojiKey: string, added: boolean): void {
	const [name = emojiKey, id] = emojiKey.split(':');
	const event = added ? GatewayDispatchEvents.MessageReactionAdd : GatewayDispatchEvents.MessageReactionRemove;
	core.gateway.dispatch(
		event,
		{
			user_id: userId,
			channel_id: message.channelId,
			message_id: message.id,
			...(message.guildId ? { guild_id: message.guildId } : {}),
			emoji: { id: id ?? null, name },
			burst: false,
			type: 0,
			...(added ? { message_author_id: message.authorId } : {})
		},
		{
			intents: message.guildId ? [GatewayIntentBits.GuildMessageReactions] : [GatewayIntentBits.DirectMessageReactions],
			summary: `${event} ${name} on ${message.id} by ${requireUser(core.state, userId).username}`
		}
	);
}

export function dispatchChannel(core: FakeCore, channel: ChannelRecord, change: 'create' | 'update' | 'delete'): void {
	if (channel.type === ChannelType.DM) return;
	const thread = channel.thread !== null;
	const events = thread
		? { create: GatewayDispatchEvents.ThreadCreate, update: GatewayDispatchEvents.ThreadUpdate, delete: GatewayDispatchEvents.ThreadDelete }
		: { create: GatewayDispatchEvents.ChannelCreate, update: GatewayDispatchEvents.ChannelUpdate, delete: GatewayDispatchEvents.ChannelDelete };
	const data =
		thread && change === 'delete'
			? { id: channel.id, guild_id: channel.guildId, parent_id: channel.parentId, type: channel.type }
			: { ...channelToAPI(core.state, channel, core.bot.id), ...(thread && change === 'create' ? { newly_created: true } : {}) };
	core.gateway.dispatch(events[change], data, {
		intents: [GatewayIntentBits.Guilds],
		summary: `${events[change]} ${core.describeChannel(channel.id)}`
	});
}

export function dispatchThreadMembers(core: FakeCore, thread: ChannelRecord, added: readonly string[], removed: readonly string[]): void {
	const { state } = core;
	core.gateway.dispatch(
		GatewayDispatchEvents.ThreadMembersUpdate,
		{
			id: thread.id,
			guild_id: thread.guildId,
			member_count: Math.min(thread.threadMembers.size, 50),
			...(added.length > 0
				? {
						added_members: added.map((userId) => {
							const member = state.members.get(userId);
							return {
								...threadMemberToAPI(thread, userId, thread.threadMembers.get(userId) ?? state.clock.iso()),
								...(member ? { member: memberToAPI(state, member) } : {}),
								presence: null
							};
						})
					}
				: {}),
			...(removed.length > 0 ? { removed_member_ids: [...removed] } : {})
		},
		{
			intents: [GatewayIntentBits.Guilds],
			summary: `THREAD_MEMBERS_UPDATE ${core.describeChannel(thread.id)}${added.length > 0 ? ` +${names(core, added)}` : ''}${removed.length > 0 ? ` -${names(core, removed)}` : ''}`
		}
	);
}

export function dispatchMember(core: FakeCore, member: MemberRecord, change: 'add' | 'update' | 'remove'): void {
	const { state } = core;
	const username = requireUser(state, member.userId).username;
	const events = {
		add: GatewayDispatchEvents.GuildMemberAdd,
		update: GatewayDispatchEvents.GuildMemberUpdate,
		remove: GatewayDispatchEvents.GuildMemberRemove
	} as const;
	const data =
		change === 'remove'
			? { guild_id: state.guildId, user: memberToAPI(state, member).user }
			: { guild_id: state.guildId, ...memberToAPI(state, member) };
	core.gateway.dispatch(events[change], data, {
		intents: [GatewayIntentBits.GuildMembers],
		summary: `${events[change]} ${username} (pending ${String(member.pending)}, roles [${member.roles.map((id) => state.roles.get(id)?.name ?? id).join(', ')}])`
	});
}

function names(core: FakeCore, ids: readonly string[]): string {
	return ids.map((id) => core.state.users.get(id)?.username ?? id).join(', ');
}
