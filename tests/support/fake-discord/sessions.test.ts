import type { GuildMember } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord invalid sessions', () => {
	const discord = useFakeDiscord();

	test('an invalidated session (op 9, d: false) is not resumed: discord.js identifies again, and a join in between is never dispatched', async () => {
		const { fake } = discord;
		const joined: string[] = [];
		let sessions = 0;
		const client = await connectTestClient(fake, (bot) => {
			bot.on('guildMemberAdd', (member: GuildMember) => void joined.push(member.user.username));
			bot.on('shardReady', () => void (sessions += 1));
		});
		expect(sessions).toBe(1);
		fake.invalidateSession();
		const alice = await fake.members.create({ username: 'alice' });
		await fake.join(alice);
		expect(fake.transcript()).toContain('GUILD_MEMBER_ADD alice (pending false, roles []) (lost: the session was invalidated');
		// discord.js waits out its identify throttle (5 s after the last IDENTIFY) before the new session.
		await fake.waitFor('a new session', () => sessions === 2, { timeoutMs: 15_000 });
		expect(fake.transcript()).not.toMatch(/bot RESUME/);
		const bob = await fake.members.create({ username: 'bob' });
		await fake.join(bob);
		await fake.waitFor('bob’s join', () => joined.includes('bob'));
		expect(joined).toEqual(['bob']);
		// alice is in the server all the same: only a member list shows her.
		const listed = await client.guilds.cache.get(fake.guildId)!.members.list({ limit: 10 });
		expect(listed.map((member) => member.user.username)).toContain('alice');
	});
});
