import { ChannelType } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { DiscordErrors } from '../http/errors.ts';
import type { Router } from '../http/router.ts';
import { botGuildIds, guildView, removeBotFromGuild } from '../guilds.ts';
import { basePermissions } from '../permissions.ts';
import { channelToAPI, userToAPI } from '../serialize.ts';
import { assertValid, objectBody } from './helpers.ts';

export function registerUserRoutes(router: Router, core: FakeCore): void {
	const { state } = core;
	router.add('GET', '/users/@me', () => {
		const bot = state.users.get(core.bot.id);
		if (!bot) throw DiscordErrors.unknownUser();
		return { body: { ...userToAPI(bot), verified: true, mfa_enabled: false, email: null } };
	});
	router.add('GET', '/users/:user', ({ params }) => {
		const user = state.users.get(params.user ?? '');
		if (!user) throw DiscordErrors.unknownUser();
		return { body: userToAPI(user) };
	});
	// Opening a DM always works, even when the member's DMs are closed or they share no server with the bot: only
	// sending fails (dm-reach.ts).
	router.add('POST', '/users/@me/channels', ({ json, files, label }) => {
		const body = objectBody(json, label);
		assertValid('dm-create', body, files, label);
		const recipientId = typeof body.recipient_id === 'string' ? body.recipient_id : '';
		const user = state.users.get(recipientId);
		if (!user || user.bot) throw DiscordErrors.unknownUser();
		const channel = state.dmChannelFor(user.id);
		return { body: channelToAPI(state, channel) };
	});
	router.add('GET', '/users/@me/guilds', () => ({
		body: botGuildIds(state, core.bot.id).map((id) => {
			const guild = guildView(state, id);
			return {
				id,
				name: guild?.name ?? '',
				icon: null,
				banner: null,
				owner: false,
				permissions: basePermissions(state, core.bot.id, id).toString(),
				features: []
			};
		})
	}));
	// Leave Guild: 204, then GUILD_DELETE (without `unavailable`) on the gateway.
	router.add('DELETE', '/users/@me/guilds/:guild', ({ params }) => {
		if (!removeBotFromGuild(core, params.guild ?? '')) throw DiscordErrors.unknownGuild();
		return {};
	});
	router.add('GET', '/users/@me/channels', () => ({
		body: [...state.channels.values()].filter((channel) => channel.type === ChannelType.DM).map((channel) => channelToAPI(state, channel))
	}));
}
