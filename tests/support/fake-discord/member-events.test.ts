import { Partials, PermissionFlagsBits, type GuildMember, type PartialGuildMember } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BOT_PERMISSIONS } from './seed.ts';
import { connectTestClient } from './test-client.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

/**
 * Discord sends GUILD_MEMBER_UPDATE with the whole member and GUILD_MEMBER_REMOVE with the user only, whether or not
 * the bot has the member cached; since GUILD_CREATE carries only the bot, long-time members are uncached, and what
 * the bot sees is discord.js's doing.
 */
describe('fake Discord member events for members the bot never cached', () => {
	const discord = useFakeDiscord({ botPermissions: DEFAULT_BOT_PERMISSIONS | PermissionFlagsBits.ManageRoles });

	test('with Partials.GuildMember an update arrives with a partial old member (pending unknown) and a removal with a partial member', async () => {
		const { fake } = discord;
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const updates: { before: GuildMember | PartialGuildMember; after: GuildMember }[] = [];
		const removed: (GuildMember | PartialGuildMember)[] = [];
		const client = await connectTestClient(
			fake,
			(bot) => {
				bot.on('guildMemberUpdate', (before, after) => void updates.push({ before, after }));
				bot.on('guildMemberRemove', (member) => void removed.push(member));
			},
			{ partials: [Partials.Channel, Partials.GuildMember] }
		);
		expect(client.guilds.cache.get(fake.guildId)!.members.cache.has(alice.id)).toBe(false);
		await fake.setRoles(alice, [fake.staffRoleId]);
		const update = await fake.waitFor('the update', () => updates[0]);
		expect(update.before.partial).toBe(true);
		expect(update.before.pending).toBeNull();
		expect(update.after.pending).toBe(false);
		expect(update.after.roles.cache.has(fake.staffRoleId)).toBe(true);

		const bob = await fake.members.create({ username: 'bob', joined: true });
		await fake.leave(bob);
		const gone = await fake.waitFor('the removal', () => removed[0]);
		expect(gone.id).toBe(bob.id);
		expect(gone.partial).toBe(true);
	});

	test('without the partial, discord.js turns an uncached member’s update into guildMemberAvailable and drops a removal', async () => {
		const { fake } = discord;
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const bob = await fake.members.create({ username: 'bob', joined: true });
		const seen: string[] = [];
		await connectTestClient(fake, (bot) => {
			bot.on('guildMemberUpdate', (_before, after) => void seen.push(`update ${after.user.username}`));
			bot.on('guildMemberAvailable', (member) => void seen.push(`available ${member.user.username}`));
			bot.on('guildMemberRemove', (member) => void seen.push(`remove ${member.user.username}`));
			bot.on('guildMemberAdd', (member) => void seen.push(`add ${member.user.username}`));
		});
		await fake.setRoles(alice, [fake.staffRoleId]);
		await fake.leave(bob);
		// A marker event after both, so the test knows they were processed.
		const carol = await fake.members.create({ username: 'carol' });
		await fake.join(carol);
		await fake.waitFor('the marker join', () => seen.includes('add carol'));
		expect(seen).toEqual(['available alice', 'add carol']);
	});
});
