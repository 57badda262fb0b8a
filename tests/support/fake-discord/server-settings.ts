import { GatewayDispatchEvents, GatewayIntentBits } from 'discord.js';
import type { FakeCore } from './core.ts';
import { dispatchChannel } from './events.ts';
import { guildView, otherGuilds } from './guilds.ts';
import type { OverwriteRecord } from './model.ts';
import { permissionNames } from './permissions.ts';
import { roleToAPI } from './serialize.ts';

/** What a server admin changes in Server Settings, without the bot: role permissions and channel overwrites. */

/** Sets a role's permissions (in whichever server it is) and dispatches GUILD_ROLE_UPDATE. */
export function setRolePermissions(core: FakeCore, roleId: string, permissions: bigint): void {
	const { state } = core;
	const guild = state.roles.has(roleId)
		? guildView(state, state.guildId)
		: [...otherGuilds(state).values()].find((other) => other.roles.has(roleId));
	const role = guild?.roles.get(roleId);
	if (!guild || !role) throw new Error(`fake Discord: no role ${roleId}`);
	role.permissions = permissions;
	core.transcript.add('member', `an admin set role "${role.name}" to [${permissionNames(permissions)}]`);
	core.gateway.dispatch(
		GatewayDispatchEvents.GuildRoleUpdate,
		{ guild_id: guild.id, role: roleToAPI(role) },
		{ intents: [GatewayIntentBits.Guilds], summary: `GUILD_ROLE_UPDATE "${role.name}"` }
	);
}

/** Sets (or with `null`, removes) a channel's overwrite for a role (type 0) or member (type 1); CHANNEL_UPDATE. */
export function setChannelOverwrite(
	core: FakeCore,
	channelId: string,
	overwrite: OverwriteRecord | { readonly id: string; readonly remove: true }
): void {
	const channel = core.state.channels.get(channelId);
	if (!channel || channel.thread) throw new Error(`fake Discord: no channel ${channelId} that can hold overwrites`);
	channel.overwrites = channel.overwrites.filter((existing) => existing.id !== overwrite.id);
	if (!('remove' in overwrite)) channel.overwrites.push({ ...overwrite });
	const what = 'remove' in overwrite ? 'removed' : `allow [${permissionNames(overwrite.allow)}] deny [${permissionNames(overwrite.deny)}]`;
	core.transcript.add('member', `an admin changed ${core.describeChannel(channelId)}'s overwrite for ${overwrite.id}: ${what}`);
	dispatchChannel(core, channel, 'update');
}
