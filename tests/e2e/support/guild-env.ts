import type { FakeDiscord } from '../../support/fake-discord/index.ts';

/**
 * The bot's server settings pointed at the fake Discord's guild: its staff role and the seeded welcome, staff,
 * sessions and support channels. The chat channel is left to the caller (not every bot under test answers chat).
 */
export function guildEnv(fake: FakeDiscord): Record<string, string> {
	return {
		DISCORD_STAFF_ROLE_ID: fake.staffRoleId,
		DISCORD_WELCOME_CHANNEL_ID: fake.channels.welcome,
		DISCORD_STAFF_CHANNEL_ID: fake.channels.staff,
		DISCORD_SESSIONS_CHANNEL_ID: fake.channels.sessions,
		DISCORD_SUPPORT_CHANNEL_ID: fake.channels.support
	};
}
