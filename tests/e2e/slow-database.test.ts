import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { postgresUrl } from '../support/services.ts';
import { useBot } from './support/bot.ts';

/**
 * A database that stops answering (here: another session holds a lock on the members table, as a long migration or
 * a stuck transaction would) must cost the member an apology, never Discord's "This interaction failed". Needs a real
 * PostgreSQL: the lock and the statement timeout are the server's.
 */
describe.runIf(postgresUrl())('a slow database', () => {
	// A statement timeout just short of the deadline: only the cap on lookups before a form keeps the form in time.
	const ctx = useBot({ env: () => ({ DATABASE_STATEMENT_TIMEOUT_MS: '2900' }) });
	let release: (() => void) | undefined;
	let held: Promise<unknown> | undefined;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('support');
		await ctx.fake.waitForCommand('referral');
	});

	afterEach(async () => {
		release?.();
		await held;
	});

	/** Another session takes the members table and keeps it until the test ends. */
	async function lockMembers(): Promise<void> {
		let locked!: () => void;
		const taken = new Promise<void>((resolve) => (locked = resolve));
		const ended = new Promise<void>((resolve) => (release = resolve));
		held = ctx.bot.db.transaction(async (tx) => {
			await tx.query('lock table public.members in access exclusive mode');
			locked();
			await ended;
		});
		await taken;
	}

	test('a form still opens within the deadline: the language lookup before it gives up after 500 ms', async () => {
		const member = await ctx.fake.members.create({ username: 'sami', joined: true });
		const menu = await (await member.slash('support')).message();
		expect(menu.customIds).toEqual(['support-topic']);
		// A minute later the bot no longer remembers sami's language (src/bot/member-language.ts keeps it 60 s).
		(ctx.bot.client as unknown as Record<symbol, Map<string, unknown> | undefined>)[Symbol.for('fpsos.member-languages')]?.clear();
		await lockMembers();
		const modal = await (await member.select(menu, 'support-topic', ['session'])).modal();
		expect(modal.fields.map((field) => field.customId)).toContain('description');
	});

	test('a command whose query waits behind the lock gets the apology once the statement timeout ends it', async () => {
		const member = await ctx.fake.members.create({ username: 'rana', joined: true });
		await lockMembers();
		const reply = await (await member.slash('referral', { subcommand: 'show' })).message();
		expect(reply.text).toContain('Something went wrong on our side');
		expect(reply.text).toMatch(/\*\*[0-9A-F]{8}\*\*/);
	});
});
