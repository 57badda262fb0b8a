import type { JsonObject } from './model.ts';
import { channelToAPI, memberToAPI, roleToAPI } from './serialize.ts';
import type { FakeState } from './state.ts';

/** Guild fields the fake never varies: Discord's values for a server without icons, boosts, 2FA, a vanity URL or emojis. */
export const GUILD_DEFAULTS = {
	icon: null,
	splash: null,
	discovery_splash: null,
	banner: null,
	description: null,
	afk_channel_id: null,
	afk_timeout: 300,
	mfa_level: 0,
	nsfw_level: 0,
	premium_tier: 0,
	premium_subscription_count: 0,
	premium_progress_bar_enabled: false,
	application_id: null,
	system_channel_flags: 0,
	safety_alerts_channel_id: null,
	vanity_url_code: null,
	preferred_locale: 'en-US',
	emojis: [],
	stickers: [],
	max_members: 500_000,
	nsfw: false
} as const satisfies JsonObject;

/** GUILD_CREATE's gateway-only fields that the fake leaves empty (no voice, presences, stages, events or sounds). */
export const GUILD_CREATE_DEFAULTS = {
	large: false,
	unavailable: false,
	voice_states: [],
	presences: [],
	stage_instances: [],
	guild_scheduled_events: [],
	soundboard_sounds: []
} as const satisfies JsonObject;

/**
 * The full guild object of GUILD_CREATE (and, without members/channels, of GET /guilds/:id); `onlyBot`: its members
 * list holds the bot alone (member_count still counts everyone).
 */
export function guildToAPI(state: FakeState, options: { full: boolean; botId: string; onlyBot?: boolean }): JsonObject {
	const members = state.guildMembers();
	const guild: JsonObject = {
		...GUILD_DEFAULTS,
		id: state.guildId,
		name: state.guildName,
		icon_hash: null,
		owner_id: state.ownerId,
		widget_enabled: false,
		widget_channel_id: null,
		verification_level: 1,
		default_message_notifications: 1,
		explicit_content_filter: 2,
		system_channel_id: state.systemChannelId,
		rules_channel_id: state.rulesChannelId,
		public_updates_channel_id: state.rulesChannelId,
		features: ['COMMUNITY', 'MEMBER_VERIFICATION_GATE_ENABLED', 'NEWS'],
		roles: [...state.roles.values()].map(roleToAPI),
		max_video_channel_users: 25,
		max_stage_video_channel_users: 50,
		approximate_member_count: members.length,
		approximate_presence_count: 0,
		hub_type: null,
		incidents_data: null
	};
	if (!options.full) return guild;
	const channels = [...state.channels.values()].filter((channel) => channel.guildId === state.guildId);
	return {
		...guild,
		...GUILD_CREATE_DEFAULTS,
		joined_at: members.find((member) => member.userId === options.botId)?.joinedAt ?? state.clock.iso(),
		member_count: members.length,
		members: members.filter((member) => !options.onlyBot || member.userId === options.botId).map((member) => memberToAPI(state, member)),
		channels: channels.filter((channel) => !channel.thread).map((channel) => channelToAPI(state, channel)),
		threads: channels
			.filter((channel) => channel.thread && !channel.thread.archived)
			.map((channel) => channelToAPI(state, channel, options.botId)),
		embedded_activities: [],
		activity_instances: [],
		lazy: true
	};
}
