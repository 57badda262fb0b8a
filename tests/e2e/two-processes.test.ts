import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated, signedDelivery } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { createBookingLink } from '../../src/lib/data/booking-links.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import { openPostgres } from '../../src/lib/data/postgres.ts';
import { createScratchDatabase } from '../support/databases.ts';
import { useFakeDiscord } from '../support/fake-discord/index.ts';
import { postgresUrl } from '../support/services.ts';
import { startBotProcess, waitUntilHealthy, type BotProcess } from './support/bot-process.ts';
import { e2eDiscord } from './support/network.ts';

const signingKey = 'fpsos-test-signing-key-0123456789';
const baseUrl = postgresUrl();

/** Two production bot processes on one PostgreSQL: every side effect is claimed in the database, so it happens once. */
describe.runIf(baseUrl)('two bot processes', () => {
	const discord = useFakeDiscord({ scope: 'all', ...e2eDiscord });
	const bots: BotProcess[] = [];
	let databaseUrl = '';
	let dropDatabase: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		const scratch = await createScratchDatabase(baseUrl!);
		databaseUrl = scratch.url;
		dropDatabase = scratch.drop;
		const env = {
			DATABASE_URL: scratch.url,
			CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
			CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up',
			DISCORD_STAFF_CHANNEL_ID: discord.fake.channels.staff
		};
		// One at a time, so they do not race to apply the migrations' first run (the runner also locks).
		for (let index = 0; index < 2; index += 1) {
			const bot = await startBotProcess(discord.fake, env);
			bots.push(bot);
			await waitUntilHealthy(bot);
		}
		await discord.fake.waitForCommand('ping');
	}, 120_000);

	afterAll(async () => {
		for (const bot of bots) bot.kill();
		await dropDatabase?.();
	});

	test('a member who joins is welcomed once, though both processes see the join', async () => {
		const zain = await discord.fake.members.create({ username: 'zain' });
		await discord.fake.join(zain);
		await zain.nextDm({ timeoutMs: 10_000 });
		await expect(zain.nextDm({ timeoutMs: 2000 })).rejects.toThrow();
	});

	test('a booking delivered to both processes, twice each, gives one confirmation DM, sent by one process', async () => {
		// Both processes receive every interaction on one token (Discord sends each session all events), so the
		// member's personal link is made directly; what is under test is the delivery and its outbox.
		const amira = await discord.fake.members.create({ username: 'amira', joined: true });
		const setup = openPostgres(databaseUrl, { max: 1 });
		const token = await createBookingLink(
			setup,
			(await upsertMember(setup, { discordUserId: amira.user.id, username: 'amira' })).id,
			'full'
		).finally(() => setup.close());
		const { rawBody, signatureHeader } = await signedDelivery(inviteeCreated({ token }), signingKey);
		const responses = await Promise.all(
			[...bots, ...bots].map((bot) =>
				fetch(`${bot.httpUrl}/webhooks/calendly`, {
					method: 'POST',
					body: rawBody,
					headers: { 'calendly-webhook-signature': signatureHeader }
				})
			)
		);
		expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
		const confirmation = await amira.nextDm({ predicate: (message) => message.text.includes("You're booked") });
		expect(confirmation.text).toContain('Full Tune-Up');
		await expect(amira.nextDm({ timeoutMs: 3000 })).rejects.toThrow();
		const db = openPostgres(databaseUrl, { max: 1 });
		try {
			const rows = await db.query<{ kind: string; status: string; claimed_by: string }>(
				`select n.kind, n.status, n.claimed_by from public.notifications n join public.bookings b on b.id = n.booking_id join public.members m on m.id = b.member_id where m.username = 'amira' and n.kind = 'booking_confirmation'`
			);
			expect(rows).toHaveLength(1);
			expect(rows[0]!.status).toBe('sent');
			// The database claim, not Discord's nonce, kept it to one: no process even sent it a second time.
			expect(discord.fake.nonceReplays).toBe(0);
		} finally {
			await db.close();
		}
	});

	test('a member with a session ahead leaves: both processes see the departure, staff are told once', async () => {
		const { fake } = discord;
		const yara = await fake.members.create({ username: 'yara', joined: true });
		const setup = openPostgres(databaseUrl, { max: 1 });
		const token = await createBookingLink(
			setup,
			(await upsertMember(setup, { discordUserId: yara.user.id, username: 'yara' })).id,
			'full'
		).finally(() => setup.close());
		const { rawBody, signatureHeader } = await signedDelivery(
			inviteeCreated({ token, startsAt: new Date(Date.now() + 3 * 24 * 3600_000) }),
			signingKey
		);
		expect(
			(
				await fetch(`${bots[0]!.httpUrl}/webhooks/calendly`, {
					method: 'POST',
					body: rawBody,
					headers: { 'calendly-webhook-signature': signatureHeader }
				})
			).status
		).toBe(200);
		await yara.nextDm({ predicate: (message) => message.text.includes("You're booked") });

		await fake.leave(yara);
		const leftTheServer = (message: { text: string }) => message.text.includes(yara.mention) && message.text.includes('left the server');
		await fake.waitForMessage({ channelId: fake.channels.staff, predicate: leftTheServer });
		await expect(fake.waitForMessage({ channelId: fake.channels.staff, predicate: leftTheServer }, { timeoutMs: 3000 })).rejects.toThrow();
		const db = openPostgres(databaseUrl, { max: 1 });
		try {
			const notices = await db.query(
				`select n.status from public.notifications n join public.members m on m.id = n.member_id where m.discord_user_id = $1 and n.kind = 'member_left'`,
				[yara.id]
			);
			expect(notices).toEqual([{ status: 'sent' }]);
		} finally {
			await db.close();
		}
	});
});
