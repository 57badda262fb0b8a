import { describe, expect, test } from 'vitest';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { until } from '../support/wait.ts';
import { useBot } from './support/bot.ts';

const isWelcome = (text: string) => text.includes('Welcome to FPSOS');

/**
 * Joins the bot never hears of live: it was offline (a deploy, a crash), or Discord invalidated its session and the
 * events in between were lost. At each new session it lists the server's members and welcomes, once, those who joined
 * after it was last connected; never the server's long-time members, never a member who deleted their data.
 */
describe('members who joined while the bot was not listening', () => {
	const veterans: FakeMember[] = [];
	const ctx = useBot({
		restartable: true,
		beforeStart: async (fake) => {
			// Long-time members: in the server before the bot's first-ever start.
			veterans.push(await fake.members.create({ username: 'veteran1', joined: true }));
			veterans.push(await fake.members.create({ username: 'veteran2', joined: true, pending: true }));
		}
	});

	const rowsOf = (member: FakeMember) => ctx.bot.db.query('select welcomed_at from public.members where discord_user_id = $1', [member.id]);
	const welcomes = (member: FakeMember) => member.dms().filter((message) => isWelcome(message.text));

	test('a first start with an empty database welcomes none of the members already there', async () => {
		await until(async () => (await ctx.bot.db.query('select 1 from public.gateway_watermark')).length === 1);
		for (const veteran of veterans) {
			expect(welcomes(veteran)).toEqual([]);
			expect(await rowsOf(veteran)).toEqual([]);
		}
	});

	test('across an invalidated session: a join, a screening and a pending join in between are each welcomed once, and an erased member stays erased', async () => {
		const { fake } = ctx;
		await fake.waitForCommand('mydata');
		// Before: nour joined pending (recorded), lina joined and deleted her data.
		const nour = await fake.members.create({ username: 'nour', pending: true });
		await fake.join(nour);
		await until(async () => (await rowsOf(nour)).length === 1);
		const lina = await fake.members.create({ username: 'lina' });
		await fake.join(lina);
		await lina.nextDm();
		const prompt = await (await lina.slash('mydata', { subcommand: 'delete', channel: 'dm' })).message();
		await (await lina.click(prompt, 'Yes, delete my data')).message();

		fake.invalidateSession();
		const sara = await fake.members.create({ username: 'sara' });
		await fake.join(sara);
		await fake.passScreening(nour);
		const hadi = await fake.members.create({ username: 'hadi', pending: true });
		await fake.join(hadi);
		expect(fake.transcript()).toContain('GUILD_MEMBER_ADD sara (pending false, roles []) (lost');

		// The new session's reconciliation.
		expect(isWelcome((await sara.nextDm({ timeoutMs: 20_000 })).text)).toBe(true);
		expect(isWelcome((await nour.nextDm({ timeoutMs: 20_000 })).text)).toBe(true);
		// hadi is recorded as joined pending; his screening, now live, reaches the bot with a partial old member.
		await until(async () => (await rowsOf(hadi)).length === 1);
		expect(hadi.dms()).toEqual([]);
		await fake.passScreening(hadi);
		expect(isWelcome((await hadi.nextDm()).text)).toBe(true);

		expect(await ctx.bot.db.query('select 1 from public.members where discord_user_id = $1', [lina.id])).toEqual([]);
		for (const member of [sara, nour, hadi]) expect(welcomes(member)).toHaveLength(1);
		for (const veteran of veterans) expect(welcomes(veteran)).toEqual([]);
	});

	test('while the bot was offline: who joined is welcomed once at the next start, and nobody else', async () => {
		const { fake } = ctx;
		const welcomedBefore = await ctx.bot.db.query<{ n: number }>('select count(*)::int as n from public.members where welcomed_at is not null');
		let zaid: FakeMember | undefined;
		let maya: FakeMember | undefined;
		await ctx.restart(async () => {
			zaid = await fake.members.create({ username: 'zaid' });
			await fake.join(zaid);
			maya = await fake.members.create({ username: 'maya', pending: true });
			await fake.join(maya);
		});
		expect(isWelcome((await zaid!.nextDm({ timeoutMs: 20_000 })).text)).toBe(true);
		await until(async () => (await rowsOf(maya!)).length === 1);
		expect(maya!.dms()).toEqual([]);
		await fake.passScreening(maya!);
		expect(isWelcome((await maya!.nextDm()).text)).toBe(true);
		const welcomedAfter = await ctx.bot.db.query<{ n: number }>('select count(*)::int as n from public.members where welcomed_at is not null');
		expect(welcomedAfter[0]!.n).toBe(welcomedBefore[0]!.n + 2);
		expect(welcomes(zaid!)).toHaveLength(1);
		for (const veteran of veterans) expect(welcomes(veteran)).toEqual([]);
	});
});
