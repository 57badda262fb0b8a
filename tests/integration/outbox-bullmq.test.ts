import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { openPostgres } from '../../src/lib/data/postgres.ts';
import { createLogger } from '../../src/lib/log.ts';
import { bullScheduler } from '../../src/lib/outbox/bull-scheduler.ts';
import type { Deliver } from '../../src/lib/outbox/outcome.ts';
import {
	DELIVER_NOTIFICATION_TASK,
	EARLY_RELEASE_MS,
	enqueuePending,
	notificationJobId,
	type NotificationJobData
} from '../../src/lib/outbox/queue.ts';
import { OutboxRunner } from '../../src/lib/outbox/runner.ts';
import { JobQueueTiming, type JobQueueTimingOptions } from '../../src/lib/outbox/timing/job-queue.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';
import { claimOne, markSent } from '../../src/lib/data/outbox.ts';
import { redisOptionsFromUrl } from '../../src/lib/redis.ts';
import { createScratchDatabase } from '../support/databases.ts';
import { postgresUrl, redisUrl } from '../support/services.ts';
import { lockRedisDb } from './_redis-db.ts';
import { until } from '../support/wait.ts';

const log = createLogger('silent');
const redisBase = redisUrl();
const postgresBase = postgresUrl();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(redisBase && postgresBase)('the outbox on BullMQ, real Redis and PostgreSQL', () => {
	let connection: RedisOptions;
	let releaseRedis: () => Promise<void>;
	let scratch: { url: string; drop: () => Promise<void> };
	let db: Db;
	let queue: Queue;
	let queueName: string;
	const running: { close(): Promise<void> }[] = [];

	/**
	 * One bot process: its own database pool, its outbox runner timed by the queue (with its own queue client), and a
	 * BullMQ worker (concurrency 1, as the plugin's) that hands each job to the runner. The runner's timing (plan
	 * passes, backstop sweep) only runs when `timing` is given; otherwise the test plans the jobs itself.
	 */
	function startProcess(name: string, timing?: JobQueueTimingOptions) {
		const pool = openPostgres(scratch.url, { max: 3 });
		const client = new Queue(queueName, { connection });
		const deliver: Deliver = async (row) => {
			await pool.query('insert into test_deliveries (notification_id, worker) values ($1, $2)', [row.id, name]);
			return { outcome: 'sent' };
		};
		const runner = new OutboxRunner(pool, deliver, { log, timing: new JobQueueTiming(bullScheduler(client), { waitLimitMs: 200, ...timing }) });
		const worker = new Worker<NotificationJobData>(
			queueName,
			async (job) => {
				if (job.name !== DELIVER_NOTIFICATION_TASK) throw new Error(`unexpected job ${job.name}`);
				return runner.runJob(job.data);
			},
			{ connection, concurrency: 1 }
		);
		const started = timing ? runner.start() : Promise.resolve();
		const bot = {
			worker,
			runner,
			started,
			close: async () => {
				await started.catch(() => undefined);
				await runner.stop();
				await worker.close();
				await client.close();
				await pool.close();
			}
		};
		running.push(bot);
		return bot;
	}

	async function plan(count: number, fromMs: number, spreadMs = 0): Promise<string[]> {
		const rows = await db.query<{ id: string }>(
			`insert into public.notifications (kind, dedupe_key, due_at)
			 select 'staff_alert', 'test-' || gen_random_uuid(), now() + make_interval(secs => ($2::float8 + random() * $3::float8) / 1000)
			 from generate_series(1, $1) returning id`,
			[count, fromMs, spreadMs]
		);
		return rows.map((row) => row.id);
	}

	/** Every notification delivered exactly once, none before its due time. */
	async function expectExactlyOnce(ids: string[]): Promise<void> {
		const counts = await db.query<{ id: string; deliveries: number; early: number; status: string }>(
			`select n.id, count(d.notification_id)::int as deliveries, count(*) filter (where d.delivered_at < n.due_at)::int as early, n.status
			 from public.notifications n left join test_deliveries d on d.notification_id = n.id
			 where n.id = any($1::uuid[]) group by n.id`,
			[ids]
		);
		expect(counts).toHaveLength(ids.length);
		expect(counts.filter((row) => row.deliveries !== 1 || row.early !== 0 || row.status !== 'sent')).toEqual([]);
	}

	const allSent = (ids: string[]) => async () =>
		(await db.query(`select 1 from public.notifications where id = any($1::uuid[]) and status = 'sent'`, [ids])).length === ids.length;

	beforeAll(async () => {
		const base = redisOptionsFromUrl(redisBase!);
		const lock = await lockRedisDb(base);
		releaseRedis = lock.release;
		connection = { ...base, db: lock.db };
		scratch = await createScratchDatabase(postgresBase!);
		db = openPostgres(scratch.url, { max: 4 });
		await migrate(db);
		await db.query(
			'create table test_deliveries (notification_id uuid not null, worker text not null, delivered_at timestamptz not null default clock_timestamp())'
		);
	});
	afterAll(async () => {
		await db?.close();
		await scratch?.drop();
		await releaseRedis?.();
	});
	beforeEach(async () => {
		// Each test counts the jobs it plans: no row an earlier test left pending (its queue is gone) joins them.
		await db.query(`delete from public.notifications where status = 'pending'`);
		queueName = `outbox-test-${randomBytes(4).toString('hex')}`;
		queue = new Queue(queueName, { connection });
	});
	afterEach(async () => {
		for (const bot of running.splice(0)) await bot.close();
		await queue.obliterate({ force: true });
		await queue.close();
	});

	test('enqueueing twice adds one delayed job per notification, with the deterministic id and the remaining delay', async () => {
		const ids = await plan(20, 30_000);
		const scheduler = bullScheduler(queue);
		expect(await enqueuePending(db, scheduler)).toEqual({ queued: 20, requeued: 0 });
		await db.query('update public.notifications set queued_at = null where id = any($1::uuid[])', [ids]);
		expect(await enqueuePending(db, scheduler)).toEqual({ queued: 20, requeued: 0 });
		await scheduler.schedule(notificationJobId(ids[0]!), ids[0]!, 0);
		expect(await queue.getDelayedCount()).toBe(20);
		const job = await queue.getJob(notificationJobId(ids[0]!));
		expect(job?.name).toBe(DELIVER_NOTIFICATION_TASK);
		expect(job?.data).toEqual({ notificationId: ids[0], notBefore: expect.any(Number) });
		// Handed out EARLY_RELEASE_MS before its time, which the job carries to wait for on the worker's own timer.
		const early = job!.data.notBefore! - job!.timestamp - job!.delay;
		expect(early).toBeGreaterThan(EARLY_RELEASE_MS - 50);
		expect(early).toBeLessThanOrEqual(EARLY_RELEASE_MS);
		expect(job!.delay).toBeGreaterThan(25_000);
		expect(job!.delay).toBeLessThanOrEqual(30_000);
	});

	test('two workers, each with its own database pool: every notification is sent exactly once, none early', async () => {
		const ids = await plan(300, 300, 2_000);
		expect(await enqueuePending(db, bullScheduler(queue))).toEqual({ queued: 300, requeued: 0 });
		startProcess('one');
		startProcess('two');
		await until(allSent(ids));
		await expectExactlyOnce(ids);
		const workers = await db.query<{ worker: string }>('select distinct worker from test_deliveries where notification_id = any($1::uuid[])', [
			ids
		]);
		expect(workers.map((row) => row.worker).sort()).toEqual(['one', 'two']);
	});

	test('one process, one worker id: the row its BullMQ job delivers and the row its backstop sweep delivers carry the same claimant', async () => {
		// The queue counts as intact (its marker is set), so the runner's first check plans nothing again.
		await bullScheduler(queue).intact!();
		const bot = startProcess('one', { sweepMs: 200 });
		await bot.started;
		// A row whose job was planned and then lost: queued just now (no plan pass after the boot one takes it again for
		// a minute) and due two minutes ago, so only the backstop sweep (grace 60 s) can deliver it.
		const [missed] = await db.query<{ id: string }>(
			`insert into public.notifications (kind, dedupe_key, due_at, queued_at)
			 values ('staff_alert', 'test-' || gen_random_uuid(), now() - interval '2 minutes', now()) returning id`
		);
		// A row due in a moment: its job delivers it; the sweep's grace keeps off it for a minute.
		const [onTime] = await plan(1, 300);
		await wakeOutbox(db, 'test');
		await until(allSent([missed!.id, onTime!]));
		await expectExactlyOnce([missed!.id, onTime!]);
		const rows = await db.query<{ id: string; claimed_by: string; queued_at: Date | null }>(
			'select id, claimed_by, queued_at from public.notifications where id = any($1::uuid[])',
			[[missed!.id, onTime]]
		);
		expect(rows.map((row) => row.claimed_by)).toEqual([bot.runner.workerId, bot.runner.workerId]);
		expect(rows.find((row) => row.id === onTime)!.queued_at).toBeInstanceOf(Date);
	});

	test('a job that fires early sends nothing, comes back for the due time and then sends once', async () => {
		const [id] = await plan(1, 1_500);
		await bullScheduler(queue).schedule(notificationJobId(id!), id!, 0);
		startProcess('one');
		await sleep(500);
		expect(await db.query('select 1 from test_deliveries where notification_id = $1', [id])).toEqual([]);
		const [{ due_at }] = (await db.query<{ due_at: Date }>('select due_at from public.notifications where id = $1', [id])) as [{ due_at: Date }];
		expect(await queue.getJob(notificationJobId(id!, due_at))).toBeDefined();
		await until(allSent([id!]));
		await expectExactlyOnce([id!]);
	});

	test('a stale job for a row already sent or canceled does nothing', async () => {
		const [sent, canceled] = await plan(2, -1_000);
		await claimOne(db, sent!, 'earlier', 60);
		await markSent(db, sent!, 'earlier');
		await db.query(`update public.notifications set status = 'canceled', canceled_at = now() where id = $1`, [canceled]);
		const scheduler = bullScheduler(queue);
		for (const id of [sent!, canceled!]) await scheduler.schedule(notificationJobId(id), id, 0);
		const done: unknown[] = [];
		const { worker } = startProcess('one');
		worker.on('completed', (_job, result) => done.push(result));
		await until(async () => done.length === 2);
		expect(done).toEqual([{ status: 'gone' }, { status: 'gone' }]);
		expect(await db.query('select 1 from test_deliveries where notification_id = any($1::uuid[])', [[sent, canceled]])).toEqual([]);
	});

	test('Redis flushed with jobs pending: the reconcile pass plans them again and every notification is sent exactly once', async () => {
		const ids = await plan(100, 800, 700);
		expect(await enqueuePending(db, bullScheduler(queue))).toEqual({ queued: 100, requeued: 0 });
		startProcess('one');
		startProcess('two');
		const redis = new Redis(connection);
		await redis.flushdb();
		redis.disconnect();
		await sleep(1_800);
		expect(await db.query('select 1 from test_deliveries where notification_id = any($1::uuid[])', [ids])).toEqual([]);
		// Queued over a second ago and still pending after their due time: their jobs are gone.
		expect(await enqueuePending(db, bullScheduler(queue), { staleMs: 200 })).toEqual({ queued: 0, requeued: 100 });
		await until(allSent(ids));
		await expectExactlyOnce(ids);
	});

	test('a worker closed mid-run while jobs are delayed, a new one started: nothing lost or doubled', async () => {
		const ids = await plan(200, 200, 2_500);
		await enqueuePending(db, bullScheduler(queue));
		const first = startProcess('first');
		await sleep(1_200);
		running.splice(running.indexOf(first), 1);
		await first.close();
		const [{ delivered }] = (await db.query<{ delivered: number }>(
			'select count(*)::int as delivered from test_deliveries where notification_id = any($1::uuid[])',
			[ids]
		)) as [{ delivered: number }];
		expect(delivered).toBeGreaterThan(0);
		expect(delivered).toBeLessThan(ids.length);
		startProcess('second');
		await until(allSent(ids));
		await expectExactlyOnce(ids);
	});
});
