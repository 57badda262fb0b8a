import { Listener } from '@sapphire/framework';
import type { GuildMember, PartialGuildMember } from 'discord.js';
import { onMemberScreened } from '../bot/features/welcome/flow.ts';

/**
 * Rules screening: `pending` flips to false in a member update. For a member discord.js had not cached the old member
 * is partial (`pending` null); onMemberScreened then asks the database, and creates or updates nobody.
 */
export class GuildMemberUpdateListener extends Listener<'guildMemberUpdate'> {
	public override async run(previous: GuildMember | PartialGuildMember, member: GuildMember) {
		if (previous.pending === false || member.pending) return;
		await onMemberScreened(member);
	}
}
