import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { useBot } from './support/bot.ts';

const incidentOf = (text: string) => /\*\*([0-9A-F]{8})\*\*/.exec(text)?.[1];

/**
 * Unexpected errors reach staff: one alert per kind per window in the staff channel, carrying the incident id the
 * member was shown, however many members hit the same failure.
 */
describe('staff alerts for unexpected errors', () => {
	const ctx = useBot();
	const alerts = () => ctx.fake.messages(ctx.fake.channels.staff).filter((message) => message.text.includes('Unexpected error'));

	beforeAll(async () => {
		await ctx.fake.waitForCommand('packages');
	});

	test('three members hitting the same failure: three incident ids, one alert naming the first; another kind alerts on its own', async () => {
		await ctx.bot.db.query('alter table public.packages rename to packages_gone');
		const seen: string[] = [];
		try {
			for (const username of ['alia', 'badr', 'cala']) {
				const member = await ctx.fake.members.create({ username, joined: true });
				const reply = await (await member.slash('packages')).message();
				seen.push(incidentOf(reply.text) ?? `no incident in: ${reply.text}`);
			}
			const first = await ctx.fake.waitForMessage({
				channelId: ctx.fake.channels.staff,
				predicate: (message) => message.text.includes('Unexpected error')
			});
			expect(first.text).toContain(`**${seen[0]}**`);
			expect(first.text).toContain('command:packages');
			expect(first.text).not.toMatch(/relation|does not exist|at .+:\d+/);

			const other = await ctx.fake.members.create({ username: 'dana', joined: true });
			const bookReply = await (await other.slash('book')).message();
			const second = await ctx.fake.waitForMessage({
				channelId: ctx.fake.channels.staff,
				predicate: (message) => message.text.includes('command:book')
			});
			expect(second.text).toContain(`**${incidentOf(bookReply.text)}**`);
		} finally {
			await ctx.bot.db.query('alter table public.packages_gone rename to packages');
		}
		expect(new Set(seen).size).toBe(3);
		// Give any extra alert time to be sent before counting.
		await sleep(1_500);
		expect(alerts().map((message) => incidentOf(message.text))).toHaveLength(2);
	});
});
