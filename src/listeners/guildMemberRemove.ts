import { Listener } from '@sapphire/framework';
import type { GuildMember, PartialGuildMember } from 'discord.js';
import { onMemberLeft } from '../bot/features/departures/flow.ts';

/** A member left (or was removed): uncached members arrive partial (Partials.GuildMember), which is all it needs. */
export class GuildMemberRemoveListener extends Listener<'guildMemberRemove'> {
	public override async run(member: GuildMember | PartialGuildMember) {
		await onMemberLeft(member.guild.id, member.id);
	}
}
