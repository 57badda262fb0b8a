import { beforeAll, describe, expect, test } from 'vitest';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { useBot } from './support/bot.ts';

/**
 * Text members control (names, nicknames) never pings anyone: the bot's default is to parse no mentions, and only
 * messages that must ping name their users. A member picks a nickname full of mentions and talks in the chat channel,
 * where the bot answers with their name.
 */
describe('mentions in member-controlled text', () => {
	const ctx = useBot();
	let victim: FakeMember;
	let coachRole = '';

	beforeAll(async () => {
		victim = await ctx.fake.members.create({ username: 'victim', joined: true });
		coachRole = ctx.fake.createRole({ name: 'Coach', mentionable: true });
		await ctx.fake.members.create({ username: 'coach', roles: [coachRole], joined: true });
	});

	test.each([
		['@everyone', () => '@everyone'],
		['a role mention', () => `<@&${coachRole}> team`],
		['a user mention', () => `<@${victim.id}>`]
	])('a member whose nickname is %s pings nobody when the bot answers with their name', async (_case, nickname) => {
		const member = await ctx.fake.members.create({ username: `mallory${Math.random().toString(36).slice(2, 8)}`, joined: true });
		ctx.fake.setNickname(member, nickname());
		await member.sendMessage(ctx.fake.channels.general, 'hello');
		const reply = await ctx.fake.waitForMessage({
			channelId: ctx.fake.channels.general,
			predicate: (message) => message.text.includes("I'm the FPSOS bot") && message.text.includes(nickname())
		});
		expect(ctx.fake.mentionsOf(reply.id)).toMatchObject({ notified: [], mentioned: [], addedToThread: [] });
	});
});
