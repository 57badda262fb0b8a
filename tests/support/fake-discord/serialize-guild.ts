import type { JsonObject } from './model.ts';
import { channelToAPI, memberToAPI, roleToAPI } from './serialize.ts';
import type { FakeState } from './state.ts';

/**
 * The full guild object of GUILD_CREATE (and, without members/channels, of GET /guilds/:id); `onlyBot`: its members
 * list holds the bot alone (member_count still counts everyone).
 */
export function guildToAPI(state: FakeState, options: { full: boolean; botId: string; onlyBot?: boolean }): JsonObject {
	const members = state.guildMembers();
	const guild: JsonObject = {
		id: state.guildId,
		name: state.guildName,
		icon: null,
		icon_hash: null,
		splash: null,
		discovery_splash: null,
		banner: null,
		description: null,
		owner_id: state.ownerId,
		afk_channel_id: null,
		afk_timeout: 300,
		widget_enabled: false,
		widget_channel_id: null,
		verification_level: 1,
		default_message_notifications: 1,
		explicit_content_filter: 2,
		mfa_level: 0,
		nsfw_level: 0,
		premium_tier: 0,
		premium_subscription_count: 0,
		premium_progress_bar_enabled: false,
		application_id: null,
		system_channel_id: state.systemChannelId,
		system_channel_flags: 0,
		rules_channel_id: state.rulesChannelId,
		public_updates_channel_id: state.rulesChannelId,
		safety_alerts_channel_id: null,
		vanity_url_code: null,
		preferred_locale: 'en-US',
		features: ['COMMUNITY', 'MEMBER_VERIFICATION_GATE_ENABLED', 'NEWS'],
		roles: [...state.roles.values()].map(roleToAPI),
		emojis: [],
		stickers: [],
		max_members: 500_000,
		max_video_channel_users: 25,
		max_stage_video_channel_users: 50,
		approximate_member_count: members.length,
		approximate_presence_count: 0,
		hub_type: null,
		incidents_data: null,
		nsfw: false
	};
	if (!options.full) return guild;
	const channels = [...state.channels.values()].filter((channel) => channel.guildId === state.guildId);
	return {
		...guild,
		joined_at: members.find((member) => member.userId === options.botId)?.joinedAt ?? state.clock.iso(),
		large: false,
		unavailable: false,
		member_count: members.length,
		voice_states: [],
		members: members.filter((member) => !options.onlyBot || member.userId === options.botId).map((member) => memberToAPI(state, member)),
		channels: channels.filter((channel) => !channel.thread).map((channel) => channelToAPI(state, channel)),
		threads: channels
			.filter((channel) => channel.thread && !channel.thread.archived)
			.map((channel) => channelToAPI(state, channel, options.botId)),
		presences: [],
		stage_instances: [],
		guild_scheduled_events: [],
		soundboard_sounds: [],
		embedded_activities: [],
		activity_instances: [],
		lazy: true
	};
}
