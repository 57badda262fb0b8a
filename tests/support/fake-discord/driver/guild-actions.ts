import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { FakeCore } from '../core.ts';
import { dispatchChannel, dispatchMember } from '../events.ts';
import type { MemberRecord, OverwriteRecord } from '../model.ts';

/** Things that happen in the guild without the bot: joins, screening, leaves, role changes by an admin, new channels. */

export function memberRecordOf(core: FakeCore, member: { readonly id: string; readonly username: string }): MemberRecord {
	const record = core.state.members.get(member.id);
	if (!record) throw new Error(`fake Discord: ${member.username} is not a member of this fake`);
	return record;
}

export function joinGuild(core: FakeCore, member: { readonly id: string; readonly username: string }): void {
	const record = memberRecordOf(core, member);
	if (record.inGuild) throw new Error(`${member.username} is already in the guild`);
	record.inGuild = true;
	record.joinedAt = core.clock.iso();
	core.transcript.add('member', `${member.username} joined the guild${record.pending ? ' (pending screening)' : ''}`);
	dispatchMember(core, record, 'add');
}

export function passScreening(core: FakeCore, member: { readonly id: string; readonly username: string }): void {
	const record = memberRecordOf(core, member);
	if (!record.inGuild) throw new Error(`${member.username} is not in the guild`);
	if (!record.pending) throw new Error(`${member.username} is not pending screening`);
	record.pending = false;
	core.transcript.add('member', `${member.username} passed rules screening`);
	dispatchMember(core, record, 'update');
}

export function leaveGuild(core: FakeCore, member: { readonly id: string; readonly username: string }): void {
	const record = memberRecordOf(core, member);
	if (!record.inGuild) throw new Error(`${member.username} is not in the guild`);
	record.inGuild = false;
	for (const channel of core.state.channels.values()) channel.threadMembers.delete(member.id);
	core.transcript.add('member', `${member.username} left the guild`);
	dispatchMember(core, record, 'remove');
}

export function setRoles(core: FakeCore, member: { readonly id: string; readonly username: string }, roleIds: readonly string[]): void {
	const record = memberRecordOf(core, member);
	for (const roleId of roleIds) if (!core.state.roles.has(roleId)) throw new Error(`no role ${roleId}`);
	record.roles = [...roleIds];
	const names = roleIds.map((id) => core.state.roles.get(id)?.name ?? id).join(', ');
	core.transcript.add('member', `${member.username}'s roles set to [${names}]`);
	if (record.inGuild) dispatchMember(core, record, 'update');
}

export function createTextChannel(core: FakeCore, name: string, options: { staffOnly?: boolean; parentId?: string; botCanSend?: boolean }): string {
	const { state, seeded } = core;
	// A server admin who forgot the bot: its role sees the channel but is denied Send Messages there.
	const botDeny = options.botCanSend === false ? PermissionFlagsBits.SendMessages : 0n;
	const hidden: OverwriteRecord[] = options.staffOnly
		? [
				{ id: state.guildId, type: 0, allow: 0n, deny: PermissionFlagsBits.ViewChannel },
				{ id: seeded.staffRoleId, type: 0, allow: PermissionFlagsBits.ViewChannel, deny: 0n },
				{ id: seeded.botRoleId, type: 0, allow: PermissionFlagsBits.ViewChannel, deny: botDeny }
			]
		: botDeny
			? [{ id: seeded.botRoleId, type: 0, allow: 0n, deny: botDeny }]
			: [];
	const channel = state.createChannel({
		type: ChannelType.GuildText,
		name,
		guildId: state.guildId,
		parentId: options.parentId ?? seeded.categoryId,
		position: state.channels.size,
		overwrites: hidden
	});
	seeded.channels[name] = channel.id;
	dispatchChannel(core, channel, 'create');
	return channel.id;
}
