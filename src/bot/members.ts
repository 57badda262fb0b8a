import { container } from '@sapphire/framework';
import type { User } from 'discord.js';
import { upsertMember, type Member } from '../lib/data/members.ts';

/** The member row for a Discord user, created on first contact. */
export function ensureMember(user: User, locale?: string | null): Promise<Member> {
	return upsertMember(container.db, { discordUserId: user.id, username: user.username, displayName: user.globalName, locale: locale ?? null });
}
