import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { dispatchChannel, dispatchMessageUpdate, dispatchThreadMembers } from '../events.ts';
import { DiscordErrors, HttpError } from '../http/errors.ts';
import type { RouteRequest, Router } from '../http/router.ts';
import type { ChannelRecord } from '../model.ts';
import { channelToAPI, memberToAPI, threadMemberToAPI } from '../serialize.ts';
import { assertValid, objectBody, requireChannel, requireMessage } from './helpers.ts';
import { assertBotHas } from './permission-checks.ts';

const THREAD_PARENTS: readonly number[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

/** Threads: create (private or public, with or without a message), members, archived lists. */
export function registerThreadRoutes(router: Router, core: FakeCore): void {
	const { state } = core;

	router.add('POST', '/channels/:channel/threads', ({ params, json, files, label }) => {
		const parent = requireParent(core, params.channel, label);
		const body = objectBody(json, label);
		assertValid('thread-create', body, files, label);
		const type = (typeof body.type === 'number' ? body.type : ChannelType.PrivateThread) as ChannelType;
		assertBotHas(
			core,
			type === ChannelType.PrivateThread ? PermissionFlagsBits.CreatePrivateThreads : PermissionFlagsBits.CreatePublicThreads,
			parent.id,
			label
		);
		const thread = createThread(core, parent, {
			name: String(body.name),
			type,
			autoArchiveDuration: typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 4320,
			invitable: body.invitable !== false,
			rateLimitPerUser: typeof body.rate_limit_per_user === 'number' ? body.rate_limit_per_user : 0
		});
		return { status: 201, body: channelToAPI(state, thread, core.bot.id) };
	});

	router.add('POST', '/channels/:channel/messages/:message/threads', ({ params, json, files, label }) => {
		const parent = requireParent(core, params.channel, label);
		const message = requireMessage(core, parent, params.message);
		const body = objectBody(json, label);
		assertValid('thread-from-message', body, files, label);
		if (message.threadId) throw new HttpError(400, { message: 'A thread has already been created for this message', code: 160004 });
		assertBotHas(core, PermissionFlagsBits.CreatePublicThreads, parent.id, label);
		const thread = createThread(core, parent, {
			id: message.id,
			name: String(body.name),
			type: parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread,
			autoArchiveDuration: typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 4320,
			invitable: true,
			rateLimitPerUser: typeof body.rate_limit_per_user === 'number' ? body.rate_limit_per_user : 0
		});
		message.threadId = thread.id;
		dispatchMessageUpdate(core, message);
		return { status: 201, body: channelToAPI(state, thread, core.bot.id) };
	});

	const memberRoute = (request: RouteRequest, add: boolean): { thread: ChannelRecord; userId: string } => {
		const thread = requireChannel(core, request.params.channel);
		if (!thread.thread) throw new HttpError(400, { message: 'Cannot execute action on this channel type', code: 50024 });
		const userId = request.params.user === '@me' ? core.bot.id : (request.params.user ?? '');
		if (thread.thread.archived) {
			throw DiscordErrors.threadArchived().asViolation(
				'interaction-state',
				`${request.label}: ${add ? 'added a member to' : 'removed a member from'} ${core.describeChannel(thread.id)}, which is archived (400 50083); unarchive it first`
			);
		}
		if (!state.members.get(userId)?.inGuild) throw DiscordErrors.unknownMember();
		if (userId !== core.bot.id && (add ? thread.type === ChannelType.PrivateThread && thread.ownerId !== core.bot.id : true)) {
			assertBotHas(core, add ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.ManageThreads, thread.id, request.label);
		}
		return { thread, userId };
	};

	router.add('PUT', '/channels/:channel/thread-members/:user', (request) => {
		const { thread, userId } = memberRoute(request, true);
		if (!thread.threadMembers.has(userId)) {
			thread.threadMembers.set(userId, core.clock.iso());
			dispatchThreadMembers(core, thread, [userId], []);
		}
		return {};
	});

	router.add('DELETE', '/channels/:channel/thread-members/:user', (request) => {
		const { thread, userId } = memberRoute(request, false);
		if (thread.threadMembers.delete(userId)) dispatchThreadMembers(core, thread, [], [userId]);
		return {};
	});

	router.add('GET', '/channels/:channel/thread-members', ({ params, query }) => {
		const thread = requireChannel(core, params.channel);
		const withMember = query.get('with_member') === 'true';
		return {
			body: [...thread.threadMembers.entries()].map(([userId, joinedAt]) => {
				const member = state.members.get(userId);
				return { ...threadMemberToAPI(thread, userId, joinedAt), ...(withMember && member ? { member: memberToAPI(state, member) } : {}) };
			})
		};
	});

	router.add('GET', '/channels/:channel/thread-members/:user', ({ params }) => {
		const thread = requireChannel(core, params.channel);
		const userId = params.user === '@me' ? core.bot.id : (params.user ?? '');
		const joinedAt = thread.threadMembers.get(userId);
		if (!joinedAt) throw DiscordErrors.unknownMember();
		return { body: threadMemberToAPI(thread, userId, joinedAt) };
	});

	/** A thread listing as Discord returns it: the threads, and the bot's own membership of each. */
	const threadList = (threads: ChannelRecord[]) => ({
		threads: threads.map((thread) => channelToAPI(state, thread)),
		members: threads.flatMap((thread) => {
			const joinedAt = thread.threadMembers.get(core.bot.id);
			return joinedAt ? [threadMemberToAPI(thread, core.bot.id, joinedAt)] : [];
		})
	});

	const archived = (type: ChannelType) => (request: RouteRequest) => {
		const parent = requireChannel(core, request.params.channel);
		const threads = [...state.channels.values()].filter(
			(channel) => channel.parentId === parent.id && channel.type === type && channel.thread?.archived
		);
		return {
			body: {
				...threadList(threads),
				has_more: false
			}
		};
	};
	router.add('GET', '/channels/:channel/threads/archived/public', archived(ChannelType.PublicThread));
	router.add('GET', '/channels/:channel/threads/archived/private', archived(ChannelType.PrivateThread));
	router.add('GET', '/channels/:channel/users/@me/threads/archived/private', archived(ChannelType.PrivateThread));
	router.add('GET', '/guilds/:guild/threads/active', () => {
		const threads = [...state.channels.values()].filter((channel) => channel.thread && !channel.thread.archived);
		return {
			body: {
				...threadList(threads)
			}
		};
	});
}

function requireParent(core: FakeCore, channelId: string | undefined, route: string): ChannelRecord {
	const parent = requireChannel(core, channelId);
	if (!THREAD_PARENTS.includes(parent.type)) {
		throw new HttpError(
			400,
			{ message: 'Cannot execute action on this channel type', code: 50024 },
			{
				kind: 'invalid-body',
				reason: `${route}: ${core.describeChannel(parent.id)} (type ${parent.type}) cannot hold threads created this way`
			}
		);
	}
	return parent;
}

interface NewThread {
	id?: string;
	name: string;
	type: number;
	autoArchiveDuration: number;
	invitable: boolean;
	rateLimitPerUser: number;
}

/** Creates a thread the bot owns and is a member of, and dispatches THREAD_CREATE like Discord. */
function createThread(core: FakeCore, parent: ChannelRecord, input: NewThread): ChannelRecord {
	const now = core.clock.iso();
	const thread = core.state.createChannel({
		...(input.id ? { id: input.id } : {}),
		type: input.type,
		name: input.name,
		guildId: parent.guildId,
		parentId: parent.id,
		ownerId: core.bot.id,
		rateLimitPerUser: input.rateLimitPerUser,
		thread: {
			archived: false,
			locked: false,
			autoArchiveDuration: input.autoArchiveDuration,
			archiveTimestamp: now,
			invitable: input.invitable,
			createTimestamp: now
		},
		threadMembers: new Map([[core.bot.id, now]])
	});
	dispatchChannel(core, thread, 'create');
	return thread;
}
