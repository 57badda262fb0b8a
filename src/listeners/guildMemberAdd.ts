import { Listener } from '@sapphire/framework';
import type { GuildMember } from 'discord.js';
import { onMemberJoined } from '../bot/features/welcome/flow.ts';

export class GuildMemberAddListener extends Listener<'guildMemberAdd'> {
	public override async run(member: GuildMember) {
		await onMemberJoined(member);
	}
}
