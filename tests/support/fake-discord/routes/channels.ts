import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { dispatchChannel } from '../events.ts';
import type { UploadedFile } from '../http/body.ts';
import { DiscordErrors, HttpError, invalidBody } from '../http/errors.ts';
import type { Router } from '../http/router.ts';
import type { ChannelRecord, JsonObject, OverwriteRecord } from '../model.ts';
import { channelToAPI } from '../serialize.ts';
import { isObject } from '../validation/component-limits.ts';
import { issue } from '../validation/issues.ts';
import { assertValid, objectBody, requireChannel } from './helpers.ts';
import { assertBotHas } from './permission-checks.ts';

/** Guild channels: create, read, edit, delete, permission overwrites. */
export function registerChannelRoutes(router: Router, core: FakeCore): void {
	const { state } = core;

	router.add('GET', '/channels/:channel', ({ params }) => ({ body: channelToAPI(state, requireChannel(core, params.channel), core.bot.id) }));

	router.add('POST', '/guilds/:guild/channels', ({ params, json, files, label }) => {
		if (params.guild !== state.guildId) throw DiscordErrors.unknownGuild();
		const body = objectBody(json, label);
		assertValid('channel-create', body, files, label);
		assertBotHas(core, PermissionFlagsBits.ManageChannels, null, label);
		const overwrites = parseOverwrites(body.permission_overwrites);
		if (overwrites.length > 0) assertBotHas(core, PermissionFlagsBits.ManageRoles, null, label);
		const parentId = typeof body.parent_id === 'string' ? body.parent_id : null;
		if (parentId) requireChannel(core, parentId);
		const channel = state.createChannel({
			type: typeof body.type === 'number' ? body.type : ChannelType.GuildText,
			name: String(body.name),
			guildId: state.guildId,
			parentId,
			position: typeof body.position === 'number' ? body.position : state.channels.size,
			topic: typeof body.topic === 'string' ? body.topic : null,
			overwrites,
			nsfw: body.nsfw === true,
			rateLimitPerUser: typeof body.rate_limit_per_user === 'number' ? body.rate_limit_per_user : 0
		});
		dispatchChannel(core, channel, 'create');
		return { status: 201, body: channelToAPI(state, channel) };
	});

	router.add('PATCH', '/channels/:channel', ({ params, json, files, label }) => {
		const channel = requireChannel(core, params.channel);
		const body = objectBody(json, label);
		if (channel.type === ChannelType.DM) throw new HttpError(400, { message: 'Cannot execute action on a DM channel', code: 50003 });
		if (channel.thread) patchThread(core, channel, body, label, files);
		else patchChannel(core, channel, body, label, files);
		dispatchChannel(core, channel, 'update');
		return { body: channelToAPI(state, channel, core.bot.id) };
	});

	router.add('DELETE', '/channels/:channel', ({ params, label }) => {
		const channel = requireChannel(core, params.channel);
		if (channel.type !== ChannelType.DM) {
			assertBotHas(
				core,
				channel.thread ? PermissionFlagsBits.ManageThreads : PermissionFlagsBits.ManageChannels,
				channel.thread ? channel.id : null,
				label
			);
		}
		state.channels.delete(channel.id);
		dispatchChannel(core, channel, 'delete');
		return { body: channelToAPI(state, channel) };
	});

	router.add('PUT', '/channels/:channel/permissions/:overwrite', ({ params, json, label }) => {
		const channel = requireChannel(core, params.channel);
		const body = objectBody(json, label);
		if (body.type !== 0 && body.type !== 1 && body.type !== '0' && body.type !== '1') {
			throw invalidBody(label, 'permission overwrite', [
				issue(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of (0, 1).', `got ${JSON.stringify(body.type)}`)
			]);
		}
		assertBotHas(core, PermissionFlagsBits.ManageRoles, null, label);
		const type = Number(body.type) as 0 | 1;
		const targetId = params.overwrite ?? '';
		if (type === 0 && !state.roles.has(targetId)) throw DiscordErrors.unknownRole();
		if (type === 1 && !state.users.has(targetId)) throw DiscordErrors.unknownUser();
		const overwrite: OverwriteRecord = { id: targetId, type, allow: bits(body.allow), deny: bits(body.deny) };
		channel.overwrites = [...channel.overwrites.filter((existing) => existing.id !== targetId), overwrite];
		dispatchChannel(core, channel, 'update');
		return {};
	});

	router.add('DELETE', '/channels/:channel/permissions/:overwrite', ({ params, label }) => {
		const channel = requireChannel(core, params.channel);
		assertBotHas(core, PermissionFlagsBits.ManageRoles, null, label);
		channel.overwrites = channel.overwrites.filter((existing) => existing.id !== params.overwrite);
		dispatchChannel(core, channel, 'update');
		return {};
	});
}

function patchThread(core: FakeCore, channel: ChannelRecord, body: JsonObject, label: string, files: readonly UploadedFile[]): void {
	assertValid('thread-patch', body, files, label);
	const meta = channel.thread;
	if (!meta) return;
	// Discord: a thread edit "requires the thread to have archived set to false or be set to false in the request".
	if (meta.archived && body.archived !== false) {
		throw DiscordErrors.threadArchived().asViolation(
			'interaction-state',
			`${label}: edited ${core.describeChannel(channel.id)}, which is archived (400 50083); set archived to false in the same request`
		);
	}
	if ((body.locked !== undefined || body.invitable !== undefined) && channel.ownerId !== core.bot.id) {
		assertBotHas(core, PermissionFlagsBits.ManageThreads, channel.id, label);
	}
	if (typeof body.name === 'string') channel.name = body.name;
	if (typeof body.archived === 'boolean' && body.archived !== meta.archived) {
		meta.archived = body.archived;
		meta.archiveTimestamp = core.clock.iso();
	}
	if (typeof body.locked === 'boolean') meta.locked = body.locked;
	if (typeof body.invitable === 'boolean') meta.invitable = body.invitable;
	if (typeof body.auto_archive_duration === 'number' && body.auto_archive_duration !== meta.autoArchiveDuration) {
		// Changing the duration counts as activity (topics/threads.mdx): the idle clock starts over.
		meta.autoArchiveDuration = body.auto_archive_duration;
		meta.archiveTimestamp = core.clock.iso();
	}
	if (typeof body.rate_limit_per_user === 'number') channel.rateLimitPerUser = body.rate_limit_per_user;
}

function patchChannel(core: FakeCore, channel: ChannelRecord, body: JsonObject, label: string, files: readonly UploadedFile[]): void {
	assertValid('channel-patch', body, files, label);
	assertBotHas(core, PermissionFlagsBits.ManageChannels, null, label);
	if (typeof body.name === 'string') channel.name = body.name;
	if ('topic' in body) channel.topic = typeof body.topic === 'string' ? body.topic : null;
	if ('parent_id' in body) channel.parentId = typeof body.parent_id === 'string' ? body.parent_id : null;
	if (typeof body.position === 'number') channel.position = body.position;
	if (typeof body.nsfw === 'boolean') channel.nsfw = body.nsfw;
	if (typeof body.rate_limit_per_user === 'number') channel.rateLimitPerUser = body.rate_limit_per_user;
	if (Array.isArray(body.permission_overwrites)) {
		assertBotHas(core, PermissionFlagsBits.ManageRoles, null, label);
		channel.overwrites = parseOverwrites(body.permission_overwrites);
	}
}

export function parseOverwrites(value: unknown): OverwriteRecord[] {
	if (!Array.isArray(value)) return [];
	return value.filter(isObject).map((item) => ({
		id: String(item.id),
		type: Number(item.type) === 1 ? 1 : 0,
		allow: bits(item.allow),
		deny: bits(item.deny)
	}));
}

function bits(value: unknown): bigint {
	if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
	if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
	if (typeof value === 'bigint') return value;
	return 0n;
}
