import { ChannelType } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { DiscordErrors } from '../http/errors.ts';
import type { Router } from '../http/router.ts';
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
	// Opening a DM always works, even when the member's DMs are closed: only sending fails (50007).
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
		body: [{ id: state.guildId, name: state.guildName, icon: null, banner: null, owner: false, permissions: '0', features: [] }]
	}));
	router.add('GET', '/users/@me/channels', () => ({
		body: [...state.channels.values()].filter((channel) => channel.type === ChannelType.DM).map((channel) => channelToAPI(state, channel))
	}));
}
