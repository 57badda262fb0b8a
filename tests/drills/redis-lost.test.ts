import { randomBytes } from 'node:crypto';
import { container } from '@sapphire/framework';
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inviteeCreated } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import { createBookingLink } from '../../src/lib/data/booking-links.ts';
import { upsertMember } from '../../src/lib/data/members.ts';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { openPostgres } from '../../src/lib/data/postgres.ts';
import { createLogger } from '../../src/lib/log.ts';
import { bullScheduler } from '../../src/lib/outbox/bull-scheduler.ts';
import type { Deliver } from '../../src/lib/outbox/outcome.ts';
import { notificationJobId, type NotificationJobData } from '../../src/lib/outbox/queue.ts';
import { OutboxRunner } from '../../src/lib/outbox/runner.ts';
import { JobQueueTiming } from '../../src/lib/outbox/timing/job-queue.ts';
import { redisOptionsFromUrl } from '../../src/lib/redis.ts';
import { createScratchDatabase } from '../support/databases.ts';
import { planAlerts } from '../support/outbox.ts';
import { until } from '../support/wait.ts';
import type { FakeMember, MessageView } from '../support/fake-discord/index.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';
import { useBot } from '../e2e/support/bot.ts';
import { loseQueueData } from './support/redis-loss.ts';
import { postCalendly } from '../e2e/support/calendly.ts';

const signingKey = 'fpsos-drill-signing-key-0123456789';
const HOUR = 3_600_000;
const redisBase = redisUrl();

const isReminder = (message: MessageView) => message.text.includes('Your session is tomorrow');

/**
 * Drill: Redis restarts without its data (or is flushed) while reminders wait in it as delayed BullMQ jobs. Postgres
 * is the source of truth, so every reminder must still reach its member exactly once, and never before it is due.
 */
describe.runIf(redisBase && postgresUrl())('drill: Redis loses its data with reminders pending', () => {
	const ctx = useBot({ env: () => ({ CALENDLY_WEBHOOK_SIGNING_KEY: signingKey, CALENDLY_URL_FULL: 'https://calendly.com/fpsos/full-tune-up' }) });

	async function book(member: FakeMember, startsAt: Date): Promise<void> {
		const row = await upsertMember(ctx.bot.db, { discordUserId: member.id, username: member.username });
		const token = await createBookingLink(ctx.bot.db, row.id, 'full');
		const response = await postCalendly(ctx.bot.http.url, inviteeCreated({ token, startsAt }), signingKey);
		expect(response.status).toBe(200);
	}

	test('the queue is wiped and its connections dropped: every reminder still arrives once, none early', async () => {
		const members = await Promise.all(
			Array.from({ length: 6 }, (_, index) => ctx.fake.members.create({ username: `rana${index}`, joined: true }))
		);
		const now = Date.now();
		// 24 h reminders falling due 6-11 s from now: delayed jobs in Redis when it loses them.
		for (const [index, member] of members.entries()) await book(member, new Date(now + 24 * HOUR + 6_000 + index * 1_000));
		for (const member of members) expect((await member.nextDm()).text).toContain("You're booked");
		const reminders = await ctx.bot.db.query<{ id: string; due_at: Date; discord_user_id: string }>(
			`select n.id, n.due_at, m.discord_user_id from public.notifications n join public.members m on m.id = n.member_id
			 where n.kind = 'reminder_24h' and n.status = 'pending' and m.discord_user_id = any($1::text[])`,
			[members.map((member) => member.id)]
		);
		expect(reminders).toHaveLength(members.length);
		for (const reminder of reminders) expect(await container.tasks.client.getJob(notificationJobId(reminder.id))).toBeDefined();

		const lost = await loseQueueData(redisBase!, container.tasks.queue);
		expect(lost.removed.size).toBeGreaterThan(0);
		expect(lost.connections).toBeGreaterThan(0);
		for (const reminder of reminders) expect(lost.removed.has(`bull:${container.tasks.queue}:${notificationJobId(reminder.id)}`)).toBe(true);

		const arrivals = await Promise.all(
			members.map(async (member) => {
				await member.nextDm({ predicate: isReminder, timeoutMs: 150_000 });
				return { member, at: Date.now() };
			})
		);
		const lateness = arrivals.map(
			({ member, at }) => at - reminders.find((reminder) => reminder.discord_user_id === member.id)!.due_at.getTime()
		);
		// Never early; and late by one queue check (15 s), not by the runner's backstop sweep (60 s grace and more).
		expect(
			lateness.every((ms) => ms >= 0 && ms < 30_000),
			`lateness ${lateness.join(', ')} ms`
		).toBe(true);
		// Nothing more comes: each member has exactly one reminder, and every row is recorded as sent.
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		for (const member of members) expect(member.dms().filter(isReminder)).toHaveLength(1);
		const statuses = await ctx.bot.db.query<{ status: string }>('select status from public.notifications where id = any($1::uuid[])', [
			reminders.map((reminder) => reminder.id)
		]);
		expect(statuses.map((row) => row.status)).toEqual(reminders.map(() => 'sent'));
	}, 240_000);
});

/**
 * The same loss at the level of the outbox queue, with a short horizon so rows that are not yet planned when Redis
 * loses its data come within it during the test: those still need planning, and the repeating reconcile task's job
 * was lost with the rest. The runner's backstop sweep is held off (a grace longer than the test): the queue alone
 * must recover.
 */
describe.runIf(redisBase && postgresUrl())('drill: the outbox queue after Redis lost its data', () => {
	const log = createLogger('silent');
	let scratch: { url: string; drop: () => Promise<void> };
	let db: Db;
	const closers: (() => Promise<unknown>)[] = [];

	beforeAll(async () => {
		scratch = await createScratchDatabase(postgresUrl()!);
		db = openPostgres(scratch.url, { max: 4 });
		await migrate(db);
		await db.query('create table drill_deliveries (notification_id uuid not null, delivered_at timestamptz not null default clock_timestamp())');
	});
	afterAll(async () => {
		for (const close of closers.reverse()) await close();
		await db?.close();
		await scratch?.drop();
	});

	test('rows planned before the loss and rows coming within the horizon after it are all sent once, on time', async () => {
		const queueName = `outbox-drill-${randomBytes(4).toString('hex')}`;
		const connection = redisOptionsFromUrl(redisBase!);
		const queue = new Queue(queueName, { connection });
		closers.push(() => queue.obliterate({ force: true }).then(() => queue.close()));
		const scheduler = bullScheduler(queue);
		const deliver: Deliver = async (row) => {
			await db.query('insert into drill_deliveries (notification_id) values ($1)', [row.id]);
			return { outcome: 'sent' };
		};
		const timing = new JobQueueTiming(scheduler, { horizonMs: 2_000, checkMs: 300, waitLimitMs: 200, graceMs: 10 * 60_000 });
		const runner = new OutboxRunner(db, deliver, { workerId: 'drill', log, timing });
		const worker = new Worker<NotificationJobData>(queueName, (job) => runner.runJob(job.data), { connection, concurrency: 4 });
		closers.push(() => worker.close());
		closers.push(() => runner.stop());
		await runner.start();

		const soon = await planAlerts(db, 5, 1_500);
		const later = await planAlerts(db, 5, 5_000);
		runner.wake();
		await runner.idle();
		for (const id of soon) expect(await queue.getJob(notificationJobId(id))).toBeDefined();
		for (const id of later) expect(await queue.getJob(notificationJobId(id))).toBeUndefined();

		const lost = await loseQueueData(redisBase!, queueName);
		expect(lost.connections).toBeGreaterThan(0);
		for (const id of soon) expect(lost.removed.has(`bull:${queueName}:${notificationJobId(id)}`)).toBe(true);

		const ids = [...soon, ...later];
		await until(
			async () =>
				(await db.query(`select 1 from public.notifications where id = any($1::uuid[]) and status = 'sent'`, [ids])).length === ids.length,
			20_000
		);
		const rows = await db.query<{ id: string; deliveries: number; late_ms: number }>(
			`select n.id, count(d.notification_id)::int as deliveries, coalesce(max(extract(epoch from d.delivered_at - n.due_at) * 1000), -1)::float8 as late_ms
			 from public.notifications n left join drill_deliveries d on d.notification_id = n.id where n.id = any($1::uuid[]) group by n.id`,
			[ids]
		);
		expect(rows.filter((row) => row.deliveries !== 1)).toEqual([]);
		// Never early; late by BullMQ's reconnection (its connections retry after at least 1 s, the blocking one too),
		// never by a missed plan (with the backstop held off, a row never planned again is never sent: the wait above fails).
		expect(rows.filter((row) => row.late_ms < 0 || row.late_ms > 5_000)).toEqual([]);
	}, 60_000);
});
