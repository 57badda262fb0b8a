import { ApplicationCommandType, type APIApplicationCommand } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { DiscordErrors } from '../http/errors.ts';
import type { RouteRequest, Router } from '../http/router.ts';
import type { CommandRecord, JsonObject } from '../model.ts';
import { guildView, isGuildMember } from '../guilds.ts';
import { userToAPI, requireUser } from '../serialize.ts';
import { isObject } from '../validation/component-limits.ts';
import { assertValid, objectBody } from './helpers.ts';

/** Application commands, global and per guild: list, bulk overwrite, create, edit, delete. */
export function registerCommandRoutes(router: Router, core: FakeCore): void {
	const { state } = core;

	router.add('GET', '/applications/@me', () => ({ body: applicationToAPI(core) }));
	router.add('GET', '/oauth2/applications/@me', () => ({ body: applicationToAPI(core) }));

	for (const base of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
		router.add('GET', base, (request) => ({ body: scoped(core, request).map(copy) }));
		router.add('PUT', base, (request) => {
			const guildId = scopeOf(core, request);
			const body = Array.isArray(request.json) ? request.json : [];
			assertValid('commands-bulk', request.json, request.files, request.label);
			const previous = scoped(core, request);
			for (const old of previous) state.commands.delete(old.id);
			const saved = body.filter(isObject).map((input) => {
				const same = previous.find((old) => old.name === input.name && old.type === typeOf(input));
				return save(core, input, guildId, same?.id);
			});
			return { body: saved.map(copy) };
		});
		router.add('POST', base, (request) => {
			const guildId = scopeOf(core, request);
			const body = objectBody(request.json, request.label);
			assertValid('command-create', body, request.files, request.label);
			const same = scoped(core, request).find((old) => old.name === body.name && old.type === typeOf(body));
			return { status: same ? 200 : 201, body: copy(save(core, body, guildId, same?.id)) };
		});
		router.add('GET', `${base}/:command`, (request) => ({ body: copy(requireCommand(core, request)) }));
		router.add('PATCH', `${base}/:command`, (request) => {
			const existing = requireCommand(core, request);
			const body = objectBody(request.json, request.label);
			assertValid('command-patch', body, request.files, request.label);
			return { body: copy(save(core, { ...existing, ...body }, existing.guild_id ?? null, existing.id)) };
		});
		router.add('DELETE', `${base}/:command`, (request) => {
			state.commands.delete(requireCommand(core, request).id);
			return {};
		});
	}
	router.add('GET', '/applications/:app/guilds/:guild/commands/permissions', (request) => {
		scopeOf(core, request);
		return { body: [] };
	});
}

function applicationToAPI(core: FakeCore): JsonObject {
	const bot = requireUser(core.state, core.bot.id);
	return {
		id: core.bot.applicationId,
		name: bot.username,
		icon: null,
		description: 'Fake application',
		summary: '',
		type: null,
		bot_public: false,
		bot_require_code_grant: false,
		verify_key: '0'.repeat(64),
		flags: 0,
		team: null,
		owner: { ...userToAPI(requireUser(core.state, core.state.ownerId)) },
		bot: userToAPI(bot),
		approximate_guild_count: 1,
		integration_types_config: { '0': {} },
		redirect_uris: [],
		interactions_endpoint_url: null
	};
}

function scopeOf(core: FakeCore, request: RouteRequest): string | null {
	if (request.params.app !== core.bot.applicationId) {
		throw DiscordErrors.unknownApplication().asViolation(
			'unknown-resource',
			`${request.label}: application id ${request.params.app} is not the bot's application (${core.bot.applicationId})`
		);
	}
	const guildId = request.params.guild ?? null;
	if (guildId === null) return null;
	if (!guildView(core.state, guildId)) throw DiscordErrors.unknownGuild();
	// The application's commands can only be managed in a server it is installed in (the bot is a member).
	if (!isGuildMember(core.state, guildId, core.bot.id)) throw DiscordErrors.missingAccess();
	return guildId;
}

function scoped(core: FakeCore, request: RouteRequest): CommandRecord[] {
	const guildId = scopeOf(core, request);
	return [...core.state.commands.values()].filter((command) => (command.guild_id ?? null) === guildId);
}

function requireCommand(core: FakeCore, request: RouteRequest): CommandRecord {
	const command = scoped(core, request).find((item) => item.id === request.params.command);
	if (!command) throw DiscordErrors.unknownCommand();
	return command;
}

function typeOf(input: JsonObject): ApplicationCommandType {
	return typeof input.type === 'number' ? input.type : ApplicationCommandType.ChatInput;
}

function save(core: FakeCore, input: JsonObject, guildId: string | null, id: string | undefined): CommandRecord {
	const permissions = input.default_member_permissions;
	const record = {
		...(input as Partial<APIApplicationCommand>),
		id: id ?? core.ids.next(),
		application_id: core.bot.applicationId,
		version: core.ids.next(),
		type: typeOf(input),
		name: String(input.name),
		description: typeof input.description === 'string' ? input.description : '',
		default_member_permissions: typeof permissions === 'string' || typeof permissions === 'number' ? String(permissions) : null,
		dm_permission: input.dm_permission !== false,
		contexts: Array.isArray(input.contexts) ? input.contexts : null,
		integration_types: Array.isArray(input.integration_types) ? input.integration_types : [0],
		nsfw: input.nsfw === true,
		...(guildId ? { guild_id: guildId } : {})
	} as CommandRecord;
	core.state.commands.set(record.id, record);
	return record;
}

function copy(command: CommandRecord): CommandRecord {
	return structuredClone(command);
}
