import { PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { dispatchMember } from '../events.ts';
import { DiscordErrors, HttpError } from '../http/errors.ts';
import type { RouteRequest, Router } from '../http/router.ts';
import type { MemberRecord } from '../model.ts';
import { channelToAPI, memberToAPI, requireUser, roleToAPI } from '../serialize.ts';
import { guildToAPI } from '../serialize-guild.ts';
import { objectBody } from './helpers.ts';
import { assertBotHas } from './permission-checks.ts';

/** The guild, its channels, roles and members (read, role changes, nickname, kick). */
export function registerGuildRoutes(router: Router, core: FakeCore): void {
	const { state } = core;
	const guild = (request: RouteRequest): void => {
		if (request.params.guild !== state.guildId) throw DiscordErrors.unknownGuild();
	};
	const member = (request: RouteRequest): MemberRecord => {
		guild(request);
		const userId = request.params.user === '@me' ? core.bot.id : (request.params.user ?? '');
		const found = state.members.get(userId);
		if (!found?.inGuild) throw DiscordErrors.unknownMember();
		return found;
	};

	router.add('GET', '/guilds/:guild', (request) => {
		guild(request);
		const counts = request.query.get('with_counts') === 'true';
		return {
			body: {
				...guildToAPI(state, { full: false, botId: core.bot.id }),
				...(counts ? { approximate_member_count: state.guildMembers().length } : {})
			}
		};
	});
	router.add('GET', '/guilds/:guild/channels', (request) => {
		guild(request);
		const channels = [...state.channels.values()].filter((channel) => channel.guildId === state.guildId && !channel.thread);
		return { body: channels.map((channel) => channelToAPI(state, channel)) };
	});
	router.add('GET', '/guilds/:guild/roles', (request) => {
		guild(request);
		return { body: [...state.roles.values()].map(roleToAPI) };
	});
	router.add('GET', '/guilds/:guild/members/:user', (request) => ({ body: memberToAPI(state, member(request)) }));
	router.add('GET', '/guilds/:guild/members', (request) => {
		guild(request);
		// guild.mdx: "requires the GUILD_MEMBERS Privileged Intent" (enabled for the application); the 403 50001 is reported.
		if (!core.gateway.privilegedEnabled('GuildMembers')) {
			throw DiscordErrors.missingAccess().asViolation(
				'missing-permission',
				`${request.label}: Server Members Intent is not enabled for the application`
			);
		}
		const limit = Math.min(Math.max(Number(request.query.get('limit') ?? 1), 1), 1000);
		const after = BigInt(request.query.get('after') ?? '0');
		const members = state
			.guildMembers()
			.filter((item) => BigInt(item.userId) > after)
			.sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
			.slice(0, limit);
		return { body: members.map((item) => memberToAPI(state, item)) };
	});
	router.add('GET', '/guilds/:guild/members/search', (request) => {
		guild(request);
		const query = (request.query.get('query') ?? '').toLowerCase();
		const limit = Math.min(Math.max(Number(request.query.get('limit') ?? 1), 1), 1000);
		const members = state.guildMembers().filter((item) => {
			const user = requireUser(state, item.userId);
			return [user.username, user.globalName ?? '', item.nick ?? ''].some((name) => name.toLowerCase().startsWith(query));
		});
		return { body: members.slice(0, limit).map((item) => memberToAPI(state, item)) };
	});

	const changeRole = (add: boolean) => (request: RouteRequest) => {
		const target = member(request);
		const roleId = request.params.role ?? '';
		const role = state.roles.get(roleId);
		if (!role || roleId === state.guildId) throw DiscordErrors.unknownRole();
		assertBotHas(core, PermissionFlagsBits.ManageRoles, null, request.label);
		assertAbove(core, role.position, `${request.label}: role "${role.name}"`);
		const has = target.roles.includes(roleId);
		if (add && !has) target.roles.push(roleId);
		if (!add && has) target.roles = target.roles.filter((id) => id !== roleId);
		if (add !== has) dispatchMember(core, target, 'update');
		return {};
	};
	router.add('PUT', '/guilds/:guild/members/:user/roles/:role', changeRole(true));
	router.add('DELETE', '/guilds/:guild/members/:user/roles/:role', changeRole(false));

	router.add('PATCH', '/guilds/:guild/members/:user', (request) => {
		const target = member(request);
		const body = objectBody(request.json, request.label);
		if ('nick' in body) {
			if (target.userId !== core.bot.id) assertBotHas(core, PermissionFlagsBits.ManageNicknames, null, request.label);
			target.nick = typeof body.nick === 'string' && body.nick.length > 0 ? body.nick : null;
		}
		if (Array.isArray(body.roles)) {
			assertBotHas(core, PermissionFlagsBits.ManageRoles, null, request.label);
			const roles = body.roles.map(String);
			for (const roleId of roles.filter((id) => !target.roles.includes(id))) {
				const role = state.roles.get(roleId);
				if (!role) throw DiscordErrors.unknownRole();
				assertAbove(core, role.position, `${request.label}: role "${role.name}"`);
			}
			target.roles = roles;
		}
		dispatchMember(core, target, 'update');
		return { body: memberToAPI(state, target) };
	});
	router.add('DELETE', '/guilds/:guild/members/:user', (request) => {
		const target = member(request);
		assertBotHas(core, PermissionFlagsBits.KickMembers, null, request.label);
		target.inGuild = false;
		dispatchMember(core, target, 'remove');
		return {};
	});
	router.add('GET', '/guilds/:guild/emojis', (request) => {
		guild(request);
		return { body: [] };
	});
	router.add('GET', '/guilds/:guild/invites', (request) => {
		guild(request);
		return { body: [] };
	});
	router.add('GET', '/guilds/:guild/bans/:user', (request) => {
		guild(request);
		throw new HttpError(404, { message: 'Unknown Ban', code: 10026 });
	});
}

/** Discord's role hierarchy: the bot can only manage roles below its own highest role. */
function assertAbove(core: FakeCore, position: number, what: string): void {
	const botMember = core.state.members.get(core.bot.id);
	const highest = Math.max(0, ...(botMember?.roles ?? []).map((id) => core.state.roles.get(id)?.position ?? 0));
	if (position >= highest) {
		throw new HttpError(
			403,
			{ message: 'Missing Permissions', code: 50013 },
			{
				kind: 'missing-permission',
				reason: `${what} is not below the bot's highest role (position ${position} >= ${highest}); Discord answers 403 50013`
			}
		);
	}
}
