import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { dispatchChannel, dispatchMessageDelete, dispatchReaction } from '../events.ts';
import { DiscordErrors, HttpError } from '../http/errors.ts';
import type { Router } from '../http/router.ts';
import { createBotMessage, editBotMessage } from '../messages.ts';
import type { ChannelRecord } from '../model.ts';
import { channelPermissions } from '../permissions.ts';
import { requireUser, userToAPI } from '../serialize.ts';
import { messageToAPI } from '../serialize-message.ts';
import { assertNotEmpty, assertValid, objectBody, requireChannel, requireMessage } from './helpers.ts';
import { DmReach } from './dm-reach.ts';
import { assertMessagePermissions, canReadHistory } from './message-permissions.ts';

/** Channel messages: send (JSON or multipart), read, edit, delete, reactions, typing, pins. */
export function registerMessageRoutes(router: Router, core: FakeCore): void {
	const { state } = core;
	const dmReach = new DmReach(core);

	router.add('POST', '/channels/:channel/messages', ({ params, json, files, label }) => {
		const channel = requireChannel(core, params.channel);
		if (channel.type === ChannelType.GuildCategory)
			throw new HttpError(400, { message: 'Cannot send messages in a non-text channel', code: 50008 });
		assertCanSend(core, channel, label);
		const body = objectBody(json, label);
		assertValid('message-create', body, files, label);
		assertNotEmpty(body, files, label);
		assertMessagePermissions(core, channel, body, files, label);
		if (channel.type === ChannelType.DM) dmReach.assertCanSend(channel, label);
		if (channel.thread?.archived) {
			if (channel.thread.locked) throw DiscordErrors.threadArchived();
			channel.thread.archived = false;
			channel.thread.archiveTimestamp = core.clock.iso();
			dispatchChannel(core, channel, 'update');
		}
		const message = createBotMessage(core, { channelId: channel.id, body, files, route: label });
		return { body: messageToAPI(state, message) };
	});

	router.add('GET', '/channels/:channel/messages', ({ params, query, label }) => {
		const channel = requireChannel(core, params.channel);
		assertCanSee(core, channel, label);
		if (!canReadHistory(core, channel)) return { body: [] };
		const limit = Math.min(Math.max(Number(query.get('limit') ?? 50), 1), 100);
		const before = query.get('before');
		const after = query.get('after');
		let messages = state.channelMessages(channel.id);
		if (before) messages = messages.filter((message) => BigInt(message.id) < BigInt(before));
		if (after) messages = messages.filter((message) => BigInt(message.id) > BigInt(after));
		const page = after ? messages.slice(0, limit) : messages.slice(-limit);
		return { body: page.reverse().map((message) => messageToAPI(state, message)) };
	});

	router.add('GET', '/channels/:channel/messages/:message', ({ params, label }) => {
		const channel = requireChannel(core, params.channel);
		assertCanSee(core, channel, label);
		if (!canReadHistory(core, channel)) {
			throw new HttpError(
				403,
				{ message: 'Missing Permissions', code: 50013 },
				{
					kind: 'missing-permission',
					reason: `${label}: fetched a message without ReadMessageHistory in ${core.describeChannel(channel.id)} (403 50013)`
				}
			);
		}
		return { body: messageToAPI(state, requireMessage(core, channel, params.message)) };
	});

	router.add('PATCH', '/channels/:channel/messages/:message', ({ params, json, files, label }) => {
		const channel = requireChannel(core, params.channel);
		const message = requireMessage(core, channel, params.message);
		if (message.authorId !== core.bot.id) throw DiscordErrors.cannotEditOthersMessage();
		assertNotArchived(core, channel, label, 'edited a message');
		const body = objectBody(json, label);
		assertValid('message-edit', body, files, label);
		return { body: messageToAPI(state, editBotMessage(core, message, body, files, label)) };
	});

	router.add('DELETE', '/channels/:channel/messages/:message', ({ params, label }) => {
		const channel = requireChannel(core, params.channel);
		const message = requireMessage(core, channel, params.message);
		assertNotArchived(core, channel, label, 'deleted a message');
		state.deleteMessage(message);
		dispatchMessageDelete(core, message);
		return {};
	});

	router.add('POST', '/channels/:channel/messages/bulk-delete', ({ params, json, label }) => {
		const channel = requireChannel(core, params.channel);
		const requested = objectBody(json, label).messages;
		const ids = Array.isArray(requested) ? requested.map(String) : [];
		const deleted = ids.flatMap((id) => {
			const message = state.messages.get(id);
			if (!message || message.channelId !== channel.id) return [];
			state.deleteMessage(message);
			return [id];
		});
		core.gateway.dispatch(
			GatewayDispatchEvents.MessageDeleteBulk,
			{ ids: deleted, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) },
			{ intents: [GatewayIntentBits.GuildMessages], summary: `MESSAGE_DELETE_BULK ${deleted.length} in ${core.describeChannel(channel.id)}` }
		);
		return {};
	});

	const react =
		(userId: string, add: boolean) =>
		({ params, label }: { params: Readonly<Record<string, string>>; label: string }) => {
			const channel = requireChannel(core, params.channel);
			const message = requireMessage(core, channel, params.message);
			assertNotArchived(core, channel, label, add ? 'added a reaction' : 'removed a reaction');
			const key = params.emoji ?? '';
			const users = message.reactions.get(key) ?? new Set<string>();
			const changed = add ? !users.has(userId) : users.has(userId);
			if (add) users.add(userId);
			else users.delete(userId);
			message.reactions.set(key, users);
			if (changed) dispatchReaction(core, message, userId, key, add);
			return {};
		};
	router.add('PUT', '/channels/:channel/messages/:message/reactions/:emoji/@me', react(core.bot.id, true));
	router.add('DELETE', '/channels/:channel/messages/:message/reactions/:emoji/@me', react(core.bot.id, false));
	router.add('DELETE', '/channels/:channel/messages/:message/reactions/:emoji/:user', (request) =>
		react(request.params.user ?? '', false)(request)
	);
	router.add('GET', '/channels/:channel/messages/:message/reactions/:emoji', ({ params }) => {
		const message = requireMessage(core, requireChannel(core, params.channel), params.message);
		const users = [...(message.reactions.get(params.emoji ?? '') ?? [])];
		return { body: users.map((id) => userToAPI(requireUser(state, id))) };
	});
	router.add('DELETE', '/channels/:channel/messages/:message/reactions', ({ params }) => {
		requireMessage(core, requireChannel(core, params.channel), params.message).reactions.clear();
		return {};
	});

	router.add('POST', '/channels/:channel/typing', ({ params }) => {
		requireChannel(core, params.channel);
		return {};
	});
	router.add('GET', '/channels/:channel/pins', ({ params }) => {
		requireChannel(core, params.channel);
		return { body: [] };
	});
	router.add('GET', '/channels/:channel/messages/pins', ({ params }) => {
		requireChannel(core, params.channel);
		return { body: { items: [], has_more: false } };
	});
	for (const method of ['PUT', 'DELETE']) {
		router.add(method, '/channels/:channel/pins/:message', ({ params }) => {
			requireMessage(core, requireChannel(core, params.channel), params.message);
			return {};
		});
		router.add(method, '/channels/:channel/messages/pins/:message', ({ params }) => {
			requireMessage(core, requireChannel(core, params.channel), params.message);
			return {};
		});
	}
}

/** The bot must see the channel and may send there (threads need SendMessagesInThreads). */
function assertCanSend(core: FakeCore, channel: ChannelRecord, route: string): void {
	if (channel.type === ChannelType.DM) return;
	const permissions = channelPermissions(core.state, core.bot.id, channel.id);
	const needed = channel.thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
	if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) {
		throw DiscordErrors.missingAccess().asViolation(
			'missing-permission',
			`${route}: the bot cannot see ${core.describeChannel(channel.id)} (403 50001 Missing Access)`
		);
	}
	if ((permissions & needed) === 0n) {
		throw new HttpError(
			403,
			{ message: 'Missing Permissions', code: 50013 },
			{
				kind: 'missing-permission',
				reason: `${route}: the bot lacks ${channel.thread ? 'SendMessagesInThreads' : 'SendMessages'} in ${core.describeChannel(channel.id)} (403 50013)`
			}
		);
	}
}

/** Reading a guild channel needs View Channel (403 50001). */
function assertCanSee(core: FakeCore, channel: ChannelRecord, route: string): void {
	if (channel.type === ChannelType.DM) return;
	if ((channelPermissions(core.state, core.bot.id, channel.id) & PermissionFlagsBits.ViewChannel) !== 0n) return;
	throw DiscordErrors.missingAccess().asViolation(
		'missing-permission',
		`${route}: the bot cannot see ${core.describeChannel(channel.id)} (403 50001 Missing Access)`
	);
}

/**
 * Archived threads are read-only: editing or deleting a message, or reacting, there gets 400 50083 until the thread is
 * unarchived (only sending a message unarchives it on the way).
 */
function assertNotArchived(core: FakeCore, channel: ChannelRecord, label: string, action: string): void {
	if (!channel.thread?.archived) return;
	throw DiscordErrors.threadArchived().asViolation(
		'interaction-state',
		`${label}: ${action} in ${core.describeChannel(channel.id)}, which is archived (400 50083); unarchive it first`
	);
}
