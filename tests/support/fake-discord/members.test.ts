import { PermissionFlagsBits, type GuildMember, type PartialGuildMember } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { connectTestClient } from './test-client.ts';
import { DEFAULT_BOT_PERMISSIONS } from './seed.ts';
import { useFakeDiscord } from './vitest-helpers.ts';

describe('fake Discord members', () => {
	// Role changes need Manage Roles, which the invite list does not grant: this bot was invited with it.
	const discord = useFakeDiscord({ botPermissions: DEFAULT_BOT_PERMISSIONS | PermissionFlagsBits.ManageRoles });

	test('a member join dispatches GUILD_MEMBER_ADD (pending) and passing screening a GUILD_MEMBER_UPDATE with pending false', async () => {
		const { fake } = discord;
		const joined: GuildMember[] = [];
		const updated: { before: GuildMember | PartialGuildMember; after: GuildMember }[] = [];
		await connectTestClient(fake, (client) => {
			client.on('guildMemberAdd', (member) => void joined.push(member));
			client.on('guildMemberUpdate', (before, after) => void updated.push({ before, after }));
		});
		const alice = await fake.members.create({ username: 'alice', pending: true, locale: 'fr' });
		await fake.join(alice);
		const added = await fake.waitFor('guildMemberAdd', () => joined[0]);
		expect(added.id).toBe(alice.id);
		expect(added.pending).toBe(true);
		expect(added.guild.memberCount).toBeGreaterThanOrEqual(3);
		await fake.passScreening(alice);
		const change = await fake.waitFor('guildMemberUpdate', () => updated[0]);
		expect(change.before.pending).toBe(true);
		expect(change.after.pending).toBe(false);
	});

	test('the bot can give a member the Staff role (below its own) and sees the update', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const guild = client.guilds.cache.get(fake.guildId);
		const member = await guild?.members.fetch(alice.id);
		await member?.roles.add(fake.staffRoleId);
		expect(alice.record.roles).toEqual([fake.staffRoleId]);
		expect(member?.roles.cache.has(fake.staffRoleId)).toBe(true);
	});

	test('the bot cannot manage its own managed role: 403 50013 and a violation naming the hierarchy', async () => {
		const { fake, client } = await discord.connectClient();
		const alice = await fake.members.create({ username: 'alice', joined: true });
		const member = await client.guilds.cache.get(fake.guildId)?.members.fetch(alice.id);
		await expect(member?.roles.add(fake.botRoleId)).rejects.toMatchObject({ code: 50013 });
		const [violation] = fake.takeViolations();
		expect(violation?.reason).toContain("is not below the bot's highest role");
	});

	test('a staff member sees the staff channel, a regular member cannot write there', async () => {
		const { fake } = discord;
		await connectTestClient(fake);
		const staff = await fake.members.create({ username: 'sam', roles: [fake.staffRoleId], joined: true });
		const alice = await fake.members.create({ username: 'alice', joined: true });
		await staff.sendMessage(fake.channels.staff, 'staff only');
		await expect(alice.sendMessage(fake.channels.staff, 'let me in')).rejects.toThrow(/cannot see #staff/);
	});

	test('guild.members.fetch() over the gateway returns every member', async () => {
		const { fake, client } = await discord.connectClient();
		await fake.members.create({ username: 'alice', joined: true });
		await fake.members.create({ username: 'bob', joined: true });
		const members = await client.guilds.cache.get(fake.guildId)?.members.fetch();
		expect(members?.map((member) => member.user.username).sort()).toEqual(['alice', 'bob', 'fpsos-bot', 'guild-owner']);
	});
});
