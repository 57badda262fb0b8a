import type { JsonObject, MessageRecord } from './model.ts';
import { attachmentToAPI, channelToAPI, partialMemberToAPI, requireUser, userToAPI } from './serialize.ts';
import type { FakeState } from './state.ts';

/** A stored message as the API returns it (and, with `withMember`, as MESSAGE_CREATE carries it). */
export function messageToAPI(state: FakeState, message: MessageRecord, options: { withMember?: boolean } = {}): JsonObject {
	const author = requireUser(state, message.authorId);
	const member = state.members.get(message.authorId);
	const meta = message.interaction;
	const interactionUser = meta ? state.users.get(meta.userId) : undefined;
	const referenced = message.reference ? state.messages.get(message.reference.message_id) : undefined;
	const thread = message.threadId ? state.channels.get(message.threadId) : undefined;
	return {
		id: message.id,
		channel_id: message.channelId,
		...(message.guildId ? { guild_id: message.guildId } : {}),
		author: userToAPI(author),
		...(options.withMember && message.guildId && member?.inGuild ? { member: partialMemberToAPI(state, member) } : {}),
		content: message.content,
		timestamp: message.createdAt,
		edited_timestamp: message.editedAt,
		tts: message.tts,
		mention_everyone: false,
		mentions: message.mentionIds.flatMap((id) => {
			const user = state.users.get(id);
			return user ? [userToAPI(user)] : [];
		}),
		mention_roles: [],
		attachments: message.attachments.map((attachment) => attachmentToAPI(attachment, state)),
		embeds: message.embeds,
		components: message.components,
		reactions: [...message.reactions.entries()]
			.filter(([, users]) => users.size > 0)
			.map(([key, users]) => ({
				count: users.size,
				count_details: { burst: 0, normal: users.size },
				me: users.has(botUserId(state)),
				me_burst: false,
				emoji: emojiFromKey(key),
				burst_colors: []
			})),
		pinned: false,
		type: message.type,
		flags: message.flags,
		...(message.webhookId ? { webhook_id: message.webhookId } : {}),
		...(message.applicationId ? { application_id: message.applicationId } : {}),
		...(message.reference ? { message_reference: { type: 0, ...message.reference } } : {}),
		...(referenced ? { referenced_message: messageToAPI(state, { ...referenced, reference: null }) } : {}),
		...(thread ? { thread: channelToAPI(state, thread) } : {}),
		...(meta && interactionUser
			? {
					interaction_metadata: {
						id: meta.id,
						type: meta.type,
						user: userToAPI(interactionUser),
						authorizing_integration_owners: { '0': message.guildId ?? '0' },
						...(meta.name ? { name: meta.name, command_type: 1 } : {}),
						...(meta.originalResponseMessageId ? { original_response_message_id: meta.originalResponseMessageId } : {}),
						...(meta.interactedMessageId ? { interacted_message_id: meta.interactedMessageId } : {})
					},
					interaction: { id: meta.id, type: meta.type, name: meta.name ?? '', user: userToAPI(interactionUser) }
				}
			: {})
	};
}

export function emojiFromKey(key: string): { id: string | null; name: string } {
	const [name = key, id] = key.split(':');
	return { id: id ?? null, name };
}

export function botUserId(state: FakeState): string {
	for (const user of state.users.values()) if (user.bot) return user.id;
	return '';
}
