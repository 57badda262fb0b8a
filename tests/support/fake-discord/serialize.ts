import { signAttachmentUrl } from './attachment-urls.ts';
import {
	ChannelType,
	type APIAttachment,
	type APIGuildMember,
	type APIRole,
	type APIUser,
	type GuildMemberFlags,
	type RoleFlags,
	type UserFlags
} from 'discord.js';
import type { AttachmentRecord, ChannelRecord, JsonObject, MemberRecord, RoleRecord, UserRecord } from './model.ts';
import type { FakeState } from './state.ts';

/** Turns the fake's records into the JSON objects Discord's API and gateway send. */

const NO_USER_FLAGS = 0 as UserFlags;
const NO_MEMBER_FLAGS = 0 as GuildMemberFlags;
const NO_ROLE_FLAGS = 0 as RoleFlags;

export function userToAPI(user: UserRecord): APIUser {
	return {
		id: user.id,
		username: user.username,
		discriminator: '0',
		global_name: user.globalName,
		avatar: null,
		bot: user.bot,
		system: false,
		public_flags: NO_USER_FLAGS,
		flags: NO_USER_FLAGS,
		banner: null,
		accent_color: null,
		avatar_decoration_data: null
	};
}

export function requireUser(state: FakeState, userId: string): UserRecord {
	const user = state.users.get(userId);
	if (!user) throw new Error(`fake Discord: no user ${userId}`);
	return user;
}

export function memberToAPI(state: FakeState, member: MemberRecord): APIGuildMember {
	return {
		user: userToAPI(requireUser(state, member.userId)),
		nick: member.nick,
		avatar: null,
		banner: null,
		roles: [...member.roles],
		joined_at: member.joinedAt ?? state.clock.iso(),
		premium_since: null,
		deaf: false,
		mute: false,
		flags: NO_MEMBER_FLAGS,
		pending: member.pending,
		communication_disabled_until: null
	};
}

/** The member object without `user`, as inside messages and interaction `resolved.members`. */
export function partialMemberToAPI(state: FakeState, member: MemberRecord): Omit<APIGuildMember, 'user'> {
	const { user: _user, ...rest } = memberToAPI(state, member);
	return rest;
}

export function roleToAPI(role: RoleRecord): APIRole {
	return {
		id: role.id,
		name: role.name,
		color: role.color,
		colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
		hoist: role.hoist,
		icon: null,
		unicode_emoji: null,
		position: role.position,
		permissions: role.permissions.toString(),
		managed: role.managed,
		mentionable: role.mentionable,
		flags: NO_ROLE_FLAGS,
		...(role.botId ? { tags: { bot_id: role.botId } } : {})
	};
}

export function channelToAPI(state: FakeState, channel: ChannelRecord, viewerId?: string): JsonObject {
	if (channel.type === ChannelType.DM) {
		const recipient = channel.recipientId ? state.users.get(channel.recipientId) : undefined;
		return {
			id: channel.id,
			type: channel.type,
			last_message_id: channel.lastMessageId,
			recipients: recipient ? [userToAPI(recipient)] : [],
			flags: 0
		};
	}
	const base: JsonObject = {
		id: channel.id,
		type: channel.type,
		guild_id: channel.guildId,
		name: channel.name,
		parent_id: channel.parentId,
		flags: 0
	};
	if (channel.thread) {
		const meta = channel.thread;
		const joinedAt = viewerId ? channel.threadMembers.get(viewerId) : undefined;
		return {
			...base,
			owner_id: channel.ownerId,
			last_message_id: channel.lastMessageId,
			message_count: channel.messageCount,
			total_message_sent: channel.messageCount,
			member_count: Math.min(channel.threadMembers.size, 50),
			rate_limit_per_user: channel.rateLimitPerUser,
			applied_tags: [],
			thread_metadata: {
				archived: meta.archived,
				auto_archive_duration: meta.autoArchiveDuration,
				archive_timestamp: meta.archiveTimestamp,
				locked: meta.locked,
				create_timestamp: meta.createTimestamp,
				...(channel.type === ChannelType.PrivateThread ? { invitable: meta.invitable } : {})
			},
			...(viewerId && joinedAt ? { member: threadMemberToAPI(channel, viewerId, joinedAt) } : {})
		};
	}
	return {
		...base,
		position: channel.position,
		permission_overwrites: channel.overwrites.map((overwrite) => ({
			id: overwrite.id,
			type: overwrite.type,
			allow: overwrite.allow.toString(),
			deny: overwrite.deny.toString()
		})),
		...(channel.type === ChannelType.GuildCategory
			? {}
			: {
					topic: channel.topic,
					nsfw: channel.nsfw,
					last_message_id: channel.lastMessageId,
					rate_limit_per_user: channel.rateLimitPerUser,
					default_auto_archive_duration: 4320
				})
	};
}

export function threadMemberToAPI(channel: ChannelRecord, userId: string, joinedAt: string): JsonObject {
	return { id: channel.id, user_id: userId, join_timestamp: joinedAt, flags: 0 };
}

/** An attachment as a payload carries it: its URLs freshly signed (attachment-urls.ts). */
export function attachmentToAPI(attachment: AttachmentRecord, state: FakeState): APIAttachment {
	return {
		id: attachment.id,
		filename: attachment.filename,
		size: attachment.size,
		url: signAttachmentUrl(state, attachment.url),
		proxy_url: signAttachmentUrl(state, attachment.proxyUrl),
		content_type: attachment.contentType,
		...(attachment.description === null ? {} : { description: attachment.description }),
		...(attachment.title === null ? {} : { title: attachment.title }),
		...(attachment.ephemeral ? { ephemeral: true } : {})
	};
}
