import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handleCalendlyDelivery } from '../../supabase/functions/_shared/calendly/index.ts';
import { inviteeCreated, signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { createBookingLink } from '../../src/lib/data/booking-links.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { openPostgres } from '../../src/lib/data/postgres.ts';
import { createScratchDatabase } from '../support/databases.ts';
import { useFakeDiscord, type FakeMember } from '../support/fake-discord/index.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';
import { until } from '../support/wait.ts';
import { startBotProcess, waitUntilHealthy, type BotProcess } from '../e2e/support/bot-process.ts';
import { startDiscordProxy, type DiscordProxy } from './support/discord-proxy.ts';

const signingKey = 'fpsos-drill-signing-key-0123456789';
const baseUrl = postgresUrl();
const BOOKINGS = 15;
/** The bot dies right after Discord created this many of its messages, before it hears back about the last one. */
const KILL_AFTER = 6;

/**
 * Drill: `fpsos start` is SIGKILLed while the outbox delivers a backlog (bookings written by the Edge Function while no
 * bot ran: a confirmation DM and a staff card each). Started again, it must deliver everything the first process did
 * not, and nothing twice: the message Discord created just before the kill is sent again with the same nonce and
 * `enforce_nonce`, which Discord answers with the existing message (the proxy in front of the fake plays that part).
 */
describe.runIf(baseUrl)('drill: the bot killed mid-sweep', () => {
	const discord = useFakeDiscord({ scope: 'all' });
	let proxy: DiscordProxy;
	let db: Db;
	let scratch: { url: string; drop: () => Promise<void> };
	const bots: BotProcess[] = [];
	const members: FakeMember[] = [];

	function startBot(): Promise<BotProcess> {
		const redis = redisUrl();
		return startBotProcess(discord.fake, {
			DATABASE_URL: scratch.url,
			DISCORD_API_URL: proxy.apiBase,
			DISCORD_STAFF_CHANNEL_ID: discord.fake.channels.staff,
			...(redis ? { REDIS_URL: redis } : {})
		}).then((bot) => {
			bots.push(bot);
			return bot;
		});
	}

	beforeAll(async () => {
		proxy = await startDiscordProxy(discord.fake.httpBase);
		scratch = await createScratchDatabase(baseUrl!);
		db = openPostgres(scratch.url, { max: 2 });
		await migrate(db);
		// The backlog: what the Edge Function recorded while no bot was running.
		for (let index = 0; index < BOOKINGS; index += 1) {
			const member = await discord.fake.members.create({ username: `kamal${index}`, joined: true });
			members.push(member);
			const token = await createBookingLink(db, (await upsertMember(db, { discordUserId: member.id, username: member.username })).id, 'full');
			const result = await handleCalendlyDelivery(await signedDelivery(inviteeCreated({ token }), signingKey), { db, signingKey });
			expect(result.status).toBe(200);
		}
	}, 60_000);

	afterAll(async () => {
		for (const bot of bots) bot.kill();
		await db?.close();
		await scratch?.drop();
		await proxy?.close();
	});

	test('SIGKILL after the 6th of 30 messages: after a restart each member has one confirmation and each booking one staff card', async () => {
		const due = await db.query<{ id: string }>(`select id from public.notifications where status = 'pending' and due_at <= now()`);
		expect(due).toHaveLength(2 * BOOKINGS);

		const first = await startBot();
		let killedAt: number | undefined;
		proxy.afterCreate = (_message, count) => {
			if (count < KILL_AFTER || killedAt !== undefined) return undefined;
			killedAt = Date.now();
			first.kill();
			return 'drop';
		};
		await until(() => killedAt !== undefined, 60_000);
		await first.exited;
		proxy.afterCreate = undefined;
		const [{ sent }] = (await db.query<{ sent: number }>(`select count(*)::int as sent from public.notifications where status = 'sent'`)) as [
			{ sent: number }
		];
		expect(sent).toBeLessThan(KILL_AFTER);

		const second = await startBot();
		await waitUntilHealthy(second);
		// Claims of the dead process hold their rows until the lease (60 s) ends; then the new process takes them.
		await until(
			async () => (await db.query(`select 1 from public.notifications where status = 'pending' and due_at <= now()`)).length === 0,
			150_000,
			500
		);

		for (const member of members) {
			const confirmations = member.dms().filter((message) => message.text.includes("You're booked"));
			expect(confirmations, member.username).toHaveLength(1);
		}
		const cards = discord.fake.messages(discord.fake.channels.staff).filter((message) => message.text.includes('New booking'));
		expect(cards).toHaveLength(BOOKINGS);
		for (const member of members)
			expect(
				cards.filter((card) => card.text.includes(member.mention)),
				member.username
			).toHaveLength(1);
		// The message the first process never heard back about was sent again, same nonce, and Discord kept one.
		const dropped = proxy.created.filter((message) => message.outcome === 'dropped');
		expect(dropped).toHaveLength(1);
		expect(proxy.created.filter((message) => message.deduplicated).map((message) => message.nonce)).toContain(dropped[0]!.nonce);
		expect(proxy.created.every((message) => message.nonce && message.enforceNonce)).toBe(true);
		const statuses = await db.query<{ status: string; n: number }>(
			`select status, count(*)::int as n from public.notifications where due_at <= now() group by status`
		);
		expect(statuses).toEqual([{ status: 'sent', n: 2 * BOOKINGS }]);
	}, 240_000);
});
