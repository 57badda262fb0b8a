import { randomBytes } from 'node:crypto';
import { ChannelType, InteractionContextType, type InteractionType } from 'discord.js';
import type { FakeCore } from '../core.ts';
import type { InteractionRecord } from '../interactions.ts';
import type { JsonObject } from '../model.ts';
import { guildView } from '../guilds.ts';
import { channelPermissions } from '../permissions.ts';
import { channelToAPI, memberToAPI, requireUser, userToAPI } from '../serialize.ts';
import { clip } from '../transcript.ts';

export interface InteractionInput {
	readonly type: InteractionType;
	readonly userId: string;
	readonly channelId: string;
	readonly data: JsonObject;
	readonly label: string;
	readonly commandName?: string | null;
	readonly sourceMessageId?: string | null;
	readonly message?: JsonObject;
}

/**
 * Builds an INTERACTION_CREATE the way Discord sends it (member with permissions in the channel, channel object,
 * locales, app_permissions, entitlements, authorizing_integration_owners, context), registers it (its 3-second
 * clock starts now) and dispatches it to the bot.
 */
export function sendInteraction(core: FakeCore, input: InteractionInput): InteractionRecord {
	const { state } = core;
	const channel = state.channels.get(input.channelId);
	if (!channel) throw new Error(`fake Discord: no channel ${input.channelId}`);
	const user = requireUser(state, input.userId);
	const guild = guildView(state, channel.guildId);
	const member = guild ? guild.members.get(input.userId) : state.members.get(input.userId);
	const inGuild = channel.type !== ChannelType.DM;
	const guildId = guild?.id ?? state.guildId;
	const id = core.ids.next();
	const token = `fake.${Buffer.from(id).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
	const memberPermissions = channelPermissions(state, input.userId, channel.id);
	const botPermissions = channelPermissions(state, core.bot.id, channel.id);
	const payload: JsonObject = {
		id,
		application_id: core.bot.applicationId,
		type: input.type,
		data: input.data,
		token,
		version: 1,
		channel_id: channel.id,
		channel: { ...channelToAPI(state, channel, input.userId), permissions: memberPermissions.toString() },
		app_permissions: botPermissions.toString(),
		locale: member?.locale ?? 'en-US',
		entitlements: [],
		attachment_size_limit: core.config.maxFileBytes,
		...(input.message ? { message: input.message } : {}),
		...(inGuild && member
			? {
					guild_id: guildId,
					guild: {
						id: guildId,
						locale: 'en-US',
						features: guildId === state.guildId ? ['COMMUNITY', 'MEMBER_VERIFICATION_GATE_ENABLED'] : []
					},
					guild_locale: 'en-US',
					member: { ...memberToAPI(state, member), permissions: memberPermissions.toString() },
					authorizing_integration_owners: { '0': guildId },
					context: InteractionContextType.Guild
				}
			: {
					user: userToAPI(user),
					authorizing_integration_owners: { '0': '0' },
					context: InteractionContextType.BotDM
				})
	};
	const record = core.interactions.create({
		id,
		token,
		type: input.type,
		label: input.label,
		userId: user.id,
		channelId: channel.id,
		guildId: inGuild ? guildId : null,
		commandName: input.commandName ?? null,
		sourceMessageId: input.sourceMessageId ?? null,
		payload
	});
	core.transcript.add('member', `${user.username}: ${clip(input.label, 120)} in ${core.describeChannel(channel.id)} (interaction ${id})`);
	core.gateway.dispatch('INTERACTION_CREATE', payload, { summary: `INTERACTION_CREATE ${id} ${clip(input.label, 60)}` });
	return record;
}
