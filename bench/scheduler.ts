/**
 * Reminder lateness at volume (targets from shared/DESIGN.md: p99 < 1 s with Redis, < 60 s in-process; never early;
 * 0 duplicates across 2 bot processes).
 *
 * N notifications (default 10,000) fall due within one minute and TWO bot processes (child processes, each with
 * its own database pool) deliver them to a stub that records (notification id, delivered_at) in a table, so early,
 * duplicated and lost deliveries can be counted; lateness = delivered_at - due_at (both on the database's clock).
 *  - redis: the outbox runner (src/lib/outbox/runner.ts) timed by the job queue (timing/job-queue.ts), as the bot
 *    wires it: each child runs the worker the scheduled-tasks plugin creates (concurrency 1) and the task worker
 *    beside it (src/lib/outbox/task-worker.ts, BENCH_CONCURRENCY, default 16; 0 leaves the plugin's worker alone),
 *    both handing jobs to the runner, which plans them on NOTIFY, on a queue of its own in a Redis database of its
 *    own (BENCH_REDIS_DB, default 6, else the next free one: the queue tests lock theirs the same way, so their
 *    FLUSHDB never hits the bench).
 *  - in-process: the same runner timed in process (timing/in-process.ts, no Redis), default options.
 * Rows are written in batches of 1,000 with a NOTIFY each, after the children are up, as the webhook handler does.
 * Needs DATABASE_URL (a scratch database is created on its server) and REDIS_URL.
 * Run: npm run bench:scheduler [-- --in-process | --redis]   (default: both, in-process first)
 * Env: BENCH_NOTIFICATIONS (10000), BENCH_WINDOW_MS (60000), BENCH_LEAD_MS (8000), BENCH_CONCURRENCY (16),
 * BENCH_DELIVER_MS (0: how long the stub takes per delivery, as a Discord REST call would). Rows still undelivered 90 s
 * after the window count as lost.
 * Prints a line per mode; the LAST line is one JSON object for the Redis path (for the in-process one alone with
 * --in-process); with both, the in-process JSON line (with "executor": "in-process") comes before it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { Db } from '../src/lib/data/db.ts';
import { migrate } from '../src/lib/data/migrations.ts';
import { openPostgres } from '../src/lib/data/postgres.ts';
import { createLogger } from '../src/lib/log.ts';
import { bullScheduler } from '../src/lib/outbox/bull-scheduler.ts';
import type { Deliver } from '../src/lib/outbox/outcome.ts';
import type { NotificationJobData } from '../src/lib/outbox/queue.ts';
import { OutboxRunner } from '../src/lib/outbox/runner.ts';
import { startTaskWorker } from '../src/lib/outbox/task-worker.ts';
import { InProcessTiming } from '../src/lib/outbox/timing/in-process.ts';
import { JobQueueTiming } from '../src/lib/outbox/timing/job-queue.ts';
import { redisOptionsFromUrl } from '../src/lib/redis.ts';
import { lockRedisDb } from '../tests/integration/_redis-db.ts';
import { createScratchDatabase } from '../tests/support/databases.ts';
import { wakeOutbox } from '../src/lib/data/notifications.ts';

type Mode = 'redis' | 'in-process';

const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 10_000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 60_000);
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 8_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DELIVER_MS = Number(process.env.BENCH_DELIVER_MS ?? 0);
let redisDb = Number(process.env.BENCH_REDIS_DB ?? 6);
const log = createLogger('silent');

function redisConnection(): RedisOptions {
	if (!process.env.REDIS_URL) throw new Error('REDIS_URL must be set (the Redis path runs on it)');
	return { ...redisOptionsFromUrl(process.env.REDIS_URL), db: redisDb };
}

/** The stub Discord: takes BENCH_DELIVER_MS (a REST call's time), then records the delivery on the database's clock. */
function recordingDeliver(db: Db, worker: string): Deliver {
	return async (row) => {
		if (DELIVER_MS > 0) await new Promise((resolve) => setTimeout(resolve, DELIVER_MS));
		await db.query('insert into bench_deliveries (notification_id, worker) values ($1, $2)', [row.id, worker]);
		return { outcome: 'sent' };
	};
}

/** A child: one bot process's outbox runner, until the parent says stop. */
async function child(mode: Mode, worker: string): Promise<void> {
	const db = openPostgres(process.env.BENCH_DATABASE_URL!, { max: 4 });
	const deliver = recordingDeliver(db, worker);
	let stop: () => Promise<void>;
	if (mode === 'redis') {
		const connection = redisConnection();
		const queueName = process.env.BENCH_QUEUE!;
		const queue = new Queue(queueName, { connection });
		const runner = new OutboxRunner(db, deliver, { workerId: worker, log, timing: new JobQueueTiming(bullScheduler(queue)) });
		const run = (_name: string, payload: unknown) => runner.runJob(payload as NotificationJobData);
		// The plugin's own worker: concurrency 1, not configurable.
		const plugin = new Worker(queueName, (job) => run(job.name, job.data), { connection });
		const extra =
			CONCURRENCY > 0
				? startTaskWorker({ queue: queueName, connection, concurrency: CONCURRENCY, run, onError: (error) => console.error(error) })
				: undefined;
		await plugin.waitUntilReady();
		await runner.start();
		stop = async () => {
			await runner.stop();
			await extra?.close();
			await plugin.close();
			await queue.close();
		};
	} else {
		const runner = new OutboxRunner(db, deliver, { workerId: worker, log, timing: new InProcessTiming() });
		await runner.start();
		stop = () => runner.stop();
	}
	process.send!('ready');
	process.on('message', (message) => {
		if (message !== 'stop') return;
		void stop()
			.then(() => db.close())
			.then(() => process.exit(0));
	});
}

function startChild(mode: Mode, worker: string, env: Record<string, string>): Promise<ChildProcess> {
	const proc = fork(fileURLToPath(import.meta.url), ['--child', mode, worker], { env: { ...process.env, ...env } });
	return new Promise((resolve, reject) => {
		proc.once('message', () => resolve(proc));
		proc.once('exit', (code) => reject(new Error(`child ${worker} exited with ${code}`)));
	});
}

function stopChild(proc: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		proc.removeAllListeners('exit');
		proc.once('exit', () => resolve());
		proc.send('stop');
	});
}

interface Figures {
	notifications: number;
	p50_lateness_ms: number;
	p99_lateness_ms: number;
	early: number;
	duplicates: number;
	lost: number;
}

async function run(mode: Mode): Promise<Figures> {
	const scratch = await createScratchDatabase(process.env.DATABASE_URL!);
	const db = openPostgres(scratch.url, { max: 4 });
	const queueName = `bench-scheduler-${randomBytes(4).toString('hex')}`;
	const children: ChildProcess[] = [];
	try {
		await migrate(db);
		await db.query(
			'create table bench_deliveries (notification_id uuid not null, worker text not null, delivered_at timestamptz not null default clock_timestamp())'
		);
		const env = { BENCH_DATABASE_URL: scratch.url, BENCH_QUEUE: queueName, BENCH_REDIS_DB: String(redisDb) };
		children.push(...(await Promise.all(['one', 'two'].map((worker) => startChild(mode, `${mode}-${worker}`, env)))));

		// Due times spread uniformly over the window, starting LEAD_MS from the first write.
		const [{ start }] = (await db.query<{ start: Date }>(`select now() + make_interval(secs => $1::float8 / 1000) as start`, [LEAD_MS])) as [
			{ start: Date }
		];
		for (let written = 0; written < NOTIFICATIONS; written += 1000) {
			const count = Math.min(1000, NOTIFICATIONS - written);
			await db.query(
				`insert into public.notifications (kind, dedupe_key, due_at)
				 select 'staff_alert', 'bench-' || gen_random_uuid(), $2::timestamptz + make_interval(secs => random() * $3::float8 / 1000)
				 from generate_series(1, $1)`,
				[count, start, WINDOW_MS]
			);
			await wakeOutbox(db, 'bench');
		}
		const deadline = start.getTime() + WINDOW_MS + 90_000;
		for (;;) {
			const [{ pending }] = (await db.query<{ pending: number }>(
				`select count(*)::int as pending from public.notifications where status = 'pending'`
			)) as [{ pending: number }];
			if (pending === 0 || Date.now() > deadline) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		// A moment for anything still in flight (a duplicate would land now).
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		await Promise.all(children.splice(0).map(stopChild));

		const [figures] = (await db.query<{ p50: number; p99: number; early: number; duplicates: number; lost: number; notifications: number }>(
			`select
				(select count(*)::int from public.notifications) as notifications,
				percentile_cont(0.5) within group (order by extract(epoch from d.delivered_at - n.due_at) * 1000)::float8 as p50,
				percentile_cont(0.99) within group (order by extract(epoch from d.delivered_at - n.due_at) * 1000)::float8 as p99,
				count(*) filter (where d.delivered_at < n.due_at)::int as early,
				(count(*) - count(distinct d.notification_id))::int as duplicates,
				(select count(*)::int from public.notifications x where not exists (select 1 from bench_deliveries y where y.notification_id = x.id)) as lost
			 from bench_deliveries d join public.notifications n on n.id = d.notification_id`
		)) as [{ p50: number; p99: number; early: number; duplicates: number; lost: number; notifications: number }];
		return {
			notifications: figures.notifications,
			p50_lateness_ms: Math.round(figures.p50),
			p99_lateness_ms: Math.round(figures.p99),
			early: figures.early,
			duplicates: figures.duplicates,
			lost: figures.lost
		};
	} finally {
		for (const proc of children) proc.kill();
		if (mode === 'redis') {
			const queue = new Queue(queueName, { connection: redisConnection() });
			await queue.obliterate({ force: true }).catch(() => undefined);
			await queue.close();
		}
		await db.close();
		await scratch.drop();
	}
}

function describe(mode: Mode, figures: Figures): string {
	const target = mode === 'redis' ? 1_000 : 60_000;
	const label =
		mode === 'redis'
			? `BullMQ/Redis (2 processes, each the plugin's worker + a task worker of concurrency ${CONCURRENCY})`
			: 'in-process timing (2 processes, no Redis)';
	const ok = figures.p99_lateness_ms < target && figures.early === 0 && figures.duplicates === 0 && figures.lost === 0;
	const stub = DELIVER_MS > 0 ? `, ${DELIVER_MS} ms per delivery` : '';
	return `${label}: ${figures.notifications} notifications over ${WINDOW_MS / 1000} s${stub}, lateness p50 ${figures.p50_lateness_ms} ms, p99 ${figures.p99_lateness_ms} ms (target < ${target} ms), early ${figures.early}, duplicates ${figures.duplicates}, lost ${figures.lost}${ok ? '' : '  <- MISSED'}`;
}

if (process.argv[2] === '--child') {
	await child(process.argv[3] as Mode, process.argv[4]!);
} else {
	if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must be set (a scratch database is created on its server)');
	const modes: Mode[] = process.argv.includes('--in-process')
		? ['in-process']
		: process.argv.includes('--redis')
			? ['redis']
			: ['in-process', 'redis'];
	// A Redis database no test flushes meanwhile (BENCH_REDIS_DB first, else the next free one).
	if (modes.includes('redis')) redisConnection();
	const lock = modes.includes('redis')
		? await lockRedisDb(redisOptionsFromUrl(process.env.REDIS_URL!), [redisDb, 7, 8, 9, 10, 11, 12, 13, 14, 15])
		: undefined;
	if (lock) redisDb = lock.db;
	const results: [Mode, Figures][] = [];
	try {
		for (const mode of modes) {
			const figures = await run(mode);
			results.push([mode, figures]);
			console.log(describe(mode, figures));
		}
	} finally {
		await lock?.release();
	}
	let failed = false;
	for (const [index, [mode, figures]] of results.entries()) {
		failed ||= figures.early + figures.duplicates + figures.lost > 0;
		console.log(JSON.stringify(index < results.length - 1 ? { executor: mode, ...figures } : figures));
	}
	process.exitCode = failed ? 1 : 0;
}
