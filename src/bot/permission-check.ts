import { PermissionFlagsBits, type Client, type Guild } from 'discord.js';
import {
	CHANNEL_NEEDS,
	configuredChannels,
	describeChannelCheck,
	type ChannelCheck,
	type ChannelVariable
} from '../lib/config/channel-permissions.ts';
import type { Env } from '../lib/config/env.ts';
import type { Logger } from '../lib/log.ts';

/**
 * The bot's effective permissions (roles and channel overwrites, as discord.js computes them from what Discord sent)
 * in every configured channel of the server it serves, against what it needs there.
 */
export async function checkChannelPermissions(client: Client, guild: Guild, config: Env): Promise<ChannelCheck[]> {
	const me = guild.members.me ?? (await guild.members.fetchMe());
	const source: Partial<Record<ChannelVariable, string | readonly string[] | undefined>> = config;
	return Promise.all(
		configuredChannels(source).map(async ({ variable, channelId }): Promise<ChannelCheck> => {
			const channel = guild.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId).catch(() => null));
			if (!channel || channel.isDMBased() || channel.guildId !== guild.id) return { variable, channelId, state: 'not-found' };
			const permissions = me.permissionsIn(channel);
			const missing = CHANNEL_NEEDS[variable].needs.filter((name) => !permissions.has(PermissionFlagsBits[name]));
			return missing.length === 0
				? { variable, channelId, state: 'ok' }
				: { variable, channelId, state: 'missing', channelName: channel.name, missing };
		})
	);
}

/** The plain sentences for every channel the bot cannot fully use (empty: all is well). */
export function permissionProblems(checks: readonly ChannelCheck[]): string[] {
	return checks.map(describeChannelCheck).filter((text): text is string => text !== null);
}

/** At start: logs, in plain words, every configured channel where the bot lacks what it needs. */
export async function reportChannelPermissions(client: Client, guild: Guild | null, config: Env, log: Logger): Promise<void> {
	if (!guild) return;
	try {
		const problems = permissionProblems(await checkChannelPermissions(client, guild, config));
		for (const problem of problems) log.warn(`Missing Discord permissions: ${problem}`);
		if (problems.length === 0) log.info('Discord permissions checked: the bot has what it needs in every configured channel');
	} catch (error) {
		log.warn("Could not check the bot's Discord permissions", { error });
	}
}
