import { beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../src/lib/log.ts';
import { useBot } from './support/bot.ts';

/** The one error pipeline, seen from a member's side and from the logs. */
describe('errors', () => {
	const lines: string[] = [];
	const ctx = useBot({ logger: createLogger('info', (line) => lines.push(line)) });

	beforeAll(async () => {
		await ctx.fake.waitForCommand('packages');
	});

	test('a member never sees an exception: an unexpected failure gets an apology with an incident id that is in the logs', async () => {
		await ctx.bot.db.query('alter table public.packages rename to packages_gone');
		try {
			const ali = await ctx.fake.members.create({ username: 'ali', joined: true });
			const reply = await (await ali.slash('packages')).message();
			const incident = /code \*\*([0-9A-F]{8})\*\*/.exec(reply.text)?.[1];
			expect(reply.text).toContain('Something went wrong on our side');
			expect(incident).toBeDefined();
			expect(reply.text).not.toMatch(/relation|packages|does not exist|at .+:\d+/);
			const logged = lines
				.map((line) => JSON.parse(line) as { msg: string; incident?: string; command?: string; error?: { message: string } })
				.find((entry) => entry.incident === incident);
			expect(logged).toMatchObject({ msg: 'Unexpected error', command: 'packages' });
			expect(logged?.error?.message).toContain('packages');
		} finally {
			await ctx.bot.db.query('alter table public.packages_gone rename to packages');
		}
	});

	test('an error after a button press leaves the message as it was and apologises in an ephemeral follow-up', async () => {
		const dalia = await ctx.fake.members.create({ username: 'dalia' });
		await ctx.fake.join(dalia);
		const welcome = await dalia.nextDm();
		await ctx.bot.db.query('alter table public.members rename to members_gone');
		try {
			// The language button acknowledges with deferUpdate, then saves the choice: the save fails.
			const press = await dalia.click(welcome, 'العربية');
			const [apology] = await press.waitForFollowUps(1);
			expect(apology?.ephemeral).toBe(true);
			expect(apology?.text).toMatch(/Something went wrong on our side.*code \*\*[0-9A-F]{8}\*\*/);
			const after = ctx.fake.message(welcome.id);
			expect(after?.edited).toBe(false);
			expect(after?.text).toBe(welcome.text);
			expect(after?.buttons).toEqual(welcome.buttons);
		} finally {
			await ctx.bot.db.query('alter table public.members_gone rename to members');
		}
	});

	test("Discord answering 429 on the bot's reply is waited out: the member still gets the answer", async () => {
		const bea = await ctx.fake.members.create({ username: 'bea', joined: true });
		ctx.fake.rateLimitNext(/^PATCH \/webhooks\/\d+\/[^/]+\/messages\/(@|%40)original$/, { retryAfterMs: 300 });
		const reply = await (await bea.slash('ping')).message();
		expect(reply.text).toContain('Pong!');
		expect(ctx.fake.transcript()).toMatch(/PATCH \/webhooks\/\S+\/messages\/(@|%40)original .*→ 429/);
	});

	test('a 500 from Discord on a DM is retried by the REST client and the welcome still arrives', async () => {
		ctx.fake.failNext('POST /channels/:id/messages', 500);
		const cyrus = await ctx.fake.members.create({ username: 'cyrus' });
		await ctx.fake.join(cyrus);
		expect((await cyrus.nextDm()).text).toContain('Welcome to FPSOS');
		expect(ctx.fake.transcript()).toMatch(/POST \/channels\/\d+\/messages .*→ 500/);
	});
});
