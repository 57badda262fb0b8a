import { GatewayDispatchEvents, GatewayIntentBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { dispatchMember } from '../events.ts';
import { roleToAPI } from '../serialize.ts';
import { memberRecordOf } from './guild-actions.ts';

/** What an admin does in the server settings without the bot: roles and nicknames. */

export interface NewRole {
	readonly name: string;
	/** Guild-wide permissions the role grants (default none). */
	readonly permissions?: bigint;
	/** Whether anyone may @mention it (default false, as Discord creates roles). */
	readonly mentionable?: boolean;
}

/** A role below the bot's own (so the bot may manage it); GUILD_ROLE_CREATE. */
export function createRole(core: FakeCore, role: NewRole): string {
	const { state } = core;
	const botRolePosition = state.roles.get(core.seeded.botRoleId)?.position ?? 1;
	for (const existing of state.roles.values()) if (existing.position >= botRolePosition) existing.position += 1;
	const id = state.ids.next();
	const record = {
		id,
		name: role.name,
		permissions: role.permissions ?? 0n,
		color: 0,
		position: botRolePosition,
		hoist: false,
		managed: false,
		mentionable: role.mentionable ?? false,
		botId: null
	};
	state.roles.set(id, record);
	core.transcript.add('member', `an admin created role "${role.name}"`);
	core.gateway.dispatch(
		GatewayDispatchEvents.GuildRoleCreate,
		{ guild_id: state.guildId, role: roleToAPI(record) },
		{ intents: [GatewayIntentBits.Guilds], summary: `GUILD_ROLE_CREATE ${role.name}` }
	);
	return id;
}

export function setNickname(core: FakeCore, member: { readonly id: string; readonly username: string }, nick: string | null): void {
	const record = memberRecordOf(core, member);
	record.nick = nick && nick.length > 0 ? nick : null;
	core.transcript.add('member', `${member.username}'s nickname set to ${JSON.stringify(record.nick)}`);
	if (record.inGuild) dispatchMember(core, record, 'update');
}
