import { ChannelType, GatewayDispatchEvents, GatewayIntentBits } from 'discord.js';
import type { FakeCore } from './core.ts';
import type { FakeMember } from './driver/member.ts';
import type { JsonObject, MemberRecord, RoleRecord } from './model.ts';
import { DEFAULT_BOT_PERMISSIONS, EVERYONE_PERMISSIONS } from './seed.ts';
import { channelToAPI, memberToAPI, roleToAPI } from './serialize.ts';
import { GUILD_CREATE_DEFAULTS, GUILD_DEFAULTS } from './serialize-guild.ts';
import type { FakeState } from './state.ts';

/**
 * The servers of the fake. The seeded guild lives in FakeState (`state.guildId`, `state.roles`, `state.members`);
 * further servers (`fake.addGuild()`) live here, each with its own owner, roles, members and channels (channels sit in
 * `state.channels` with their `guildId`). Permissions, command scope and interactions look a guild up by id here.
 */
export interface GuildView {
	readonly id: string;
	readonly name: string;
	readonly ownerId: string;
	readonly roles: Map<string, RoleRecord>;
	readonly members: Map<string, MemberRecord>;
}

export interface OtherGuildRecord extends GuildView {
	readonly botRoleId: string;
	readonly channelIds: Record<string, string>;
}

const extraGuilds = new WeakMap<FakeState, Map<string, OtherGuildRecord>>();

export function otherGuilds(state: FakeState): Map<string, OtherGuildRecord> {
	let guilds = extraGuilds.get(state);
	if (!guilds) {
		guilds = new Map();
		extraGuilds.set(state, guilds);
	}
	return guilds;
}

/** The seeded guild or another one, by id. */
export function guildView(state: FakeState, guildId: string | null | undefined): GuildView | undefined {
	if (!guildId) return undefined;
	if (guildId === state.guildId)
		return { id: state.guildId, name: state.guildName, ownerId: state.ownerId, roles: state.roles, members: state.members };
	return otherGuilds(state).get(guildId);
}

/** Whether a user is currently a member of a guild (the bot included). */
export function isGuildMember(state: FakeState, guildId: string | null | undefined, userId: string): boolean {
	return guildView(state, guildId)?.members.get(userId)?.inGuild ?? false;
}

/** The guilds the bot is in now (its application is installed there). */
export function botGuildIds(state: FakeState, botId: string): string[] {
	return [state.guildId, ...otherGuilds(state).keys()].filter((id) => isGuildMember(state, id, botId));
}

/** Discord lets a guild-installed bot and a user talk in DMs only while they share a server. */
export function sharesGuildWithBot(state: FakeState, userId: string, botId: string): boolean {
	return botGuildIds(state, botId).some((guildId) => isGuildMember(state, guildId, userId));
}

export interface NewGuildOptions {
	/** Default "Other Server". */
	readonly name?: string;
	/** Text channels to create (default ["general"]). */
	readonly channels?: readonly string[];
	/** Whether the bot is added at once (default true); false: add it later with `guild.addBot()`. */
	readonly withBot?: boolean;
	/** The bot role's permissions in that server (default: the invite list's, as in the seeded guild). */
	readonly botPermissions?: bigint;
}

/** Creates another server with its owner, @everyone, the bot's managed role and text channels. */
export function createOtherGuild(core: FakeCore, options: NewGuildOptions = {}): OtherGuildRecord {
	const { state } = core;
	const id = core.ids.next();
	const name = options.name ?? 'Other Server';
	const owner = state.addUser({ username: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-owner`, globalName: null, bot: false });
	const roles = new Map<string, RoleRecord>();
	const role = (roleId: string, roleName: string, permissions: bigint, position: number, botId: string | null = null): void => {
		roles.set(roleId, {
			id: roleId,
			name: roleName,
			permissions,
			color: 0,
			position,
			hoist: false,
			managed: botId !== null,
			mentionable: false,
			botId
		});
	};
	role(id, '@everyone', EVERYONE_PERMISSIONS, 0);
	const botRoleId = core.ids.next();
	const botUser = state.users.get(core.bot.id);
	role(botRoleId, botUser?.username ?? 'bot', options.botPermissions ?? DEFAULT_BOT_PERMISSIONS, 1, core.bot.id);
	const now = core.clock.iso();
	const members = new Map<string, MemberRecord>();
	members.set(owner.id, {
		userId: owner.id,
		roles: [],
		joinedAt: now,
		pending: false,
		nick: null,
		inGuild: true,
		dmsClosed: false,
		locale: 'en-US'
	});
	members.set(core.bot.id, {
		userId: core.bot.id,
		roles: [botRoleId],
		joinedAt: now,
		pending: false,
		nick: null,
		inGuild: false,
		dmsClosed: false,
		locale: 'en-US'
	});
	const channelIds: Record<string, string> = {};
	for (const [position, channelName] of (options.channels ?? ['general']).entries()) {
		channelIds[channelName] = state.createChannel({ type: ChannelType.GuildText, name: channelName, guildId: id, position }).id;
	}
	const guild: OtherGuildRecord = { id, name, ownerId: owner.id, roles, members, botRoleId, channelIds };
	otherGuilds(state).set(id, guild);
	core.transcript.add('fake', `server "${name}" (${id}) created`);
	if (options.withBot !== false) addBotToGuild(core, guild);
	return guild;
}

/** Someone with Manage Server adds the bot: it becomes a member and receives GUILD_CREATE, as on Discord. */
export function addBotToGuild(core: FakeCore, guild: OtherGuildRecord): void {
	const bot = guild.members.get(core.bot.id);
	if (!bot || bot.inGuild) return;
	bot.inGuild = true;
	bot.joinedAt = core.clock.iso();
	core.transcript.add('member', `the bot was added to server "${guild.name}"`);
	core.gateway.dispatch(GatewayDispatchEvents.GuildCreate, otherGuildToAPI(core, guild), {
		intents: [GatewayIntentBits.Guilds],
		summary: `GUILD_CREATE "${guild.name}" (${guild.id})`
	});
}

/** The bot leaves (or is removed from) a server: GUILD_DELETE without `unavailable`, as Discord sends it. */
export function removeBotFromGuild(core: FakeCore, guildId: string): boolean {
	const guild = guildView(core.state, guildId);
	const bot = guild?.members.get(core.bot.id);
	if (!guild || !bot?.inGuild) return false;
	bot.inGuild = false;
	core.transcript.add('member', `the bot left server "${guild.name}"`);
	core.gateway.dispatch(
		GatewayDispatchEvents.GuildDelete,
		{ id: guild.id },
		{ intents: [GatewayIntentBits.Guilds], summary: `GUILD_DELETE "${guild.name}" (${guild.id})` }
	);
	return true;
}

/** GUILD_CREATE of another server: without presences it carries only the bot's own member object. */
export function otherGuildToAPI(core: FakeCore, guild: OtherGuildRecord): JsonObject {
	const { state } = core;
	const bot = guild.members.get(core.bot.id);
	const inGuild = [...guild.members.values()].filter((member) => member.inGuild);
	const channels = [...state.channels.values()].filter((channel) => channel.guildId === guild.id);
	return {
		...GUILD_DEFAULTS,
		...GUILD_CREATE_DEFAULTS,
		id: guild.id,
		name: guild.name,
		owner_id: guild.ownerId,
		verification_level: 0,
		default_message_notifications: 0,
		explicit_content_filter: 0,
		system_channel_id: null,
		rules_channel_id: null,
		public_updates_channel_id: null,
		features: [],
		roles: [...guild.roles.values()].map(roleToAPI),
		joined_at: bot?.joinedAt ?? state.clock.iso(),
		member_count: inGuild.length,
		members: bot ? [memberToAPI(state, bot)] : [],
		channels: channels.filter((channel) => !channel.thread).map((channel) => channelToAPI(state, channel)),
		threads: []
	};
}

/** Another server in a test's terms: `const other = fake.addGuild({ name: 'Elsewhere' })`. */
export class FakeGuild {
	readonly #core: FakeCore;
	readonly #record: OtherGuildRecord;
	/** The server's owner (every permission there), as a member who can run commands in it. */
	readonly owner: FakeMember;

	constructor(core: FakeCore, record: OtherGuildRecord, owner: FakeMember) {
		this.#core = core;
		this.#record = record;
		this.owner = owner;
	}

	get id(): string {
		return this.#record.id;
	}

	get name(): string {
		return this.#record.name;
	}

	/** @everyone (same id as the server). */
	get everyoneRoleId(): string {
		return this.#record.id;
	}

	get botRoleId(): string {
		return this.#record.botRoleId;
	}

	/** Text channels by name (default: general). */
	get channels(): Readonly<Record<string, string>> {
		return { ...this.#record.channelIds };
	}

	/** Whether the bot is in this server now. */
	get botIsMember(): boolean {
		return isGuildMember(this.#core.state, this.#record.id, this.#core.bot.id);
	}

	/** Adds the bot (GUILD_CREATE), e.g. after `addGuild({ withBot: false })`. */
	addBot(): void {
		addBotToGuild(this.#core, this.#record);
	}

	/** An admin of this server removes the bot (kick): GUILD_DELETE. */
	removeBot(): void {
		removeBotFromGuild(this.#core, this.#record.id);
	}

	/** A role in this server; returns its id. */
	addRole(name: string, permissions: bigint): string {
		const id = this.#core.ids.next();
		const position = Math.max(...[...this.#record.roles.values()].map((role) => role.position)) + 1;
		this.#record.roles.set(id, { id, name, permissions, color: 0, position, hoist: false, managed: false, mentionable: false, botId: null });
		return id;
	}

	/** A member (from `fake.members.create`) joins this server with these roles: GUILD_MEMBER_ADD with its guild_id. */
	join(member: { readonly id: string; readonly username: string }, options: { readonly roles?: readonly string[] } = {}): void {
		for (const roleId of options.roles ?? [])
			if (!this.#record.roles.has(roleId)) throw new Error(`no role ${roleId} in server "${this.#record.name}"`);
		const record: MemberRecord = {
			userId: member.id,
			roles: [...(options.roles ?? [])],
			joinedAt: this.#core.clock.iso(),
			pending: false,
			nick: null,
			inGuild: true,
			dmsClosed: false,
			locale: 'en-US'
		};
		this.#record.members.set(member.id, record);
		this.#core.transcript.add('member', `${member.username} joined server "${this.#record.name}"`);
		if (!this.botIsMember) return;
		this.#core.gateway.dispatch(
			GatewayDispatchEvents.GuildMemberAdd,
			{ guild_id: this.#record.id, ...memberToAPI(this.#core.state, record) },
			{
				intents: [GatewayIntentBits.GuildMembers],
				summary: `GUILD_MEMBER_ADD ${member.username} in "${this.#record.name}"`
			}
		);
	}
}
