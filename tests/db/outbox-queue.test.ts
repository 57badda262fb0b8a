import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { migrate } from '../../src/lib/data/migrations.ts';
import { createLogger } from '../../src/lib/log.ts';
import { retryDelayMs, type Deliver } from '../../src/lib/outbox/outcome.ts';
import { pickForQueueSql } from '../../src/lib/data/outbox.ts';
import { enqueuePending, notificationJobId, type NotificationScheduler } from '../../src/lib/outbox/queue.ts';
import { OutboxRunner, type RunnerOptions } from '../../src/lib/outbox/runner.ts';
import { JobQueueTiming } from '../../src/lib/outbox/timing/job-queue.ts';
import { claimOne, markSent } from '../../src/lib/data/outbox.ts';
import { planAlerts } from '../support/outbox.ts';
import { databaseTargets, type TestDatabase } from '../support/databases.ts';

const log = createLogger('silent');

/** Stands in for BullMQ: one job per id while it exists (a second add of the same id does nothing). */
class MemoryScheduler implements NotificationScheduler {
	public readonly jobs = new Map<string, { notificationId: string; delayMs: number }>();
	public adds = 0;
	public async schedule(jobId: string, notificationId: string, delayMs: number): Promise<void> {
		this.adds += 1;
		if (jobId.includes(':')) throw new Error('BullMQ job ids may not contain ":"');
		if (!this.jobs.has(jobId)) this.jobs.set(jobId, { notificationId, delayMs });
	}
}

async function row(db: Db, id: string) {
	const [found] = await db.query<{
		status: string;
		queued_at: Date | null;
		claimed_until: Date | null;
		due_at: Date;
		attempts: number;
		claimed_by: string | null;
	}>('select status, queued_at, claimed_until, due_at, attempts, claimed_by from public.notifications where id = $1', [id]);
	return found!;
}

describe.each(databaseTargets())('notifications on a job queue, on $name', (target) => {
	let database: TestDatabase;
	let scheduler: MemoryScheduler;
	let sent: { id: string; at: number }[];
	const deliver: Deliver = async (claimed) => {
		sent.push({ id: claimed.id, at: Date.now() });
		return { outcome: 'sent' };
	};
	/** A process's runner timed by the job queue (its follow-ups go to `scheduler`), as the bot runs it with Redis. */
	const runner = (workerId: string, options: Partial<RunnerOptions> = {}, send: Deliver = deliver) =>
		new OutboxRunner(database.db, send, { workerId, log, timing: new JobQueueTiming(scheduler), ...options });

	beforeAll(async () => {
		database = await target.create();
		await migrate(database.db);
	});
	afterAll(async () => {
		await database?.dispose();
	});
	beforeEach(async () => {
		await database.db.query('delete from public.notifications');
		scheduler = new MemoryScheduler();
		sent = [];
	});

	test('enqueueing is idempotent: one job per notification within the horizon, with its delay, and queued_at marked', async () => {
		const due = await planAlerts(database.db, 3);
		const soon = await planAlerts(database.db, 2, 5 * 60_000);
		const later = await planAlerts(database.db, 1, 3 * 3_600_000);
		expect(await enqueuePending(database.db, scheduler, { limit: 2 })).toEqual({ queued: 5, requeued: 0 });
		expect(await enqueuePending(database.db, scheduler)).toEqual({ queued: 0, requeued: 0 });
		expect([...scheduler.jobs.keys()].sort()).toEqual([...due, ...soon].map((id) => notificationJobId(id)).sort());
		for (const id of due) expect(scheduler.jobs.get(notificationJobId(id))!.delayMs).toBe(0);
		for (const id of soon) expect(scheduler.jobs.get(notificationJobId(id))!.delayMs).toBeGreaterThan(5 * 60_000 - 5_000);
		for (const id of soon) expect(scheduler.jobs.get(notificationJobId(id))!.delayMs).toBeLessThanOrEqual(5 * 60_000);
		expect((await row(database.db, due[0]!)).queued_at).toBeInstanceOf(Date);
		expect((await row(database.db, later[0]!)).queued_at).toBeNull();
		expect(notificationJobId(due[0]!)).toBe(`notification-${due[0]}`);
	});

	test('a job runs: the row is claimed, delivered once and marked sent; running the same job again sends nothing', async () => {
		const [id] = await planAlerts(database.db, 1);
		expect(await runner('w1').runJob({ notificationId: id! })).toEqual({ status: 'sent' });
		expect(await runner('w2').runJob({ notificationId: id! })).toEqual({ status: 'gone' });
		expect(sent.map((entry) => entry.id)).toEqual([id]);
		expect(await row(database.db, id!)).toMatchObject({ status: 'sent', claimed_by: 'w1', attempts: 1 });
	});

	test('a job that fires early does not send and is re-queued for the remaining delay', async () => {
		const [id] = await planAlerts(database.db, 1, 30_000);
		const { due_at } = await row(database.db, id!);
		const result = await runner('w1').runJob({ notificationId: id! });
		expect(result).toEqual({ status: 'requeued', at: due_at, reason: 'not-due' });
		expect(sent).toEqual([]);
		const job = scheduler.jobs.get(notificationJobId(id!, due_at));
		expect(job?.notificationId).toBe(id);
		expect(job!.delayMs).toBeGreaterThan(25_000);
		expect(job!.delayMs).toBeLessThanOrEqual(30_000);
		expect(await row(database.db, id!)).toMatchObject({ status: 'pending', attempts: 0, claimed_by: null });
	});

	test('a job a moment early waits for the due time in place and sends then, never before', async () => {
		const [id] = await planAlerts(database.db, 1, 400);
		const { due_at } = await row(database.db, id!);
		expect(await runner('w1').runJob({ notificationId: id! })).toEqual({ status: 'sent' });
		expect(sent[0]!.at).toBeGreaterThanOrEqual(due_at.getTime());
		expect(scheduler.jobs.size).toBe(0);
	});

	test('a stale job for a row already sent, canceled or deleted does nothing', async () => {
		const [sentRow, canceled, deleted] = await planAlerts(database.db, 3);
		await claimOne(database.db, sentRow!, 'earlier', 60);
		await markSent(database.db, sentRow!, 'earlier');
		await database.db.query(`update public.notifications set status = 'canceled', canceled_at = now() where id = $1`, [canceled]);
		await database.db.query('delete from public.notifications where id = $1', [deleted]);
		for (const id of [sentRow!, canceled!, deleted!, 'not-a-uuid']) {
			expect(await runner('w1').runJob({ notificationId: id })).toEqual({ status: 'gone' });
		}
		expect(sent).toEqual([]);
		expect(scheduler.adds).toBe(0);
	});

	test('a row another worker holds is left to it; the job comes back when the claim ends', async () => {
		const [id] = await planAlerts(database.db, 1);
		await claimOne(database.db, id!, 'other', 60);
		const { claimed_until } = await row(database.db, id!);
		expect(await runner('w1').runJob({ notificationId: id! })).toEqual({
			status: 'requeued',
			at: claimed_until,
			reason: 'claimed'
		});
		expect(sent).toEqual([]);
		expect(scheduler.jobs.has(notificationJobId(id!, claimed_until!))).toBe(true);
	});

	test('a transient failure is recorded as for a due row and a follow-up job is planned for the back-off', async () => {
		const [id] = await planAlerts(database.db, 1);
		const failing: Deliver = async () => ({ outcome: 'retry', error: 'Discord 503' });
		const result = await runner('w1', {}, failing).runJob({ notificationId: id! });
		const state = await row(database.db, id!);
		expect(result).toEqual({ status: 'retry', at: state.claimed_until });
		expect(state).toMatchObject({ status: 'pending', attempts: 1 });
		expect(state.claimed_until!.getTime()).toBeGreaterThan(Date.now() + retryDelayMs(1) - 5_000);
		expect(scheduler.jobs.has(notificationJobId(id!, state.claimed_until!))).toBe(true);
		// The follow-up running early re-plans the same job id: still one follow-up.
		await runner('w2', {}, failing).runJob({ notificationId: id! });
		expect(scheduler.jobs.size).toBe(1);
		// A reconcile pass plans the same follow-up (the job id carries the end of the back-off): still one.
		await enqueuePending(database.db, scheduler, { staleMs: 0 });
		expect(scheduler.jobs.size).toBe(1);
	});

	test('a transient failure on the last attempt is recorded as failed', async () => {
		const [id] = await planAlerts(database.db, 1);
		await database.db.query('update public.notifications set attempts = 7 where id = $1', [id]);
		const failing: Deliver = async () => {
			throw new Error('network down');
		};
		expect(await runner('w1', { maxAttempts: 8 }, failing).runJob({ notificationId: id! })).toEqual({ status: 'failed' });
		expect((await row(database.db, id!)).status).toBe('failed');
	});

	test('while the gateway is not ready the job claims nothing and comes back later', async () => {
		const [id] = await planAlerts(database.db, 1);
		const result = await runner('w1', { ready: () => false }).runJob({ notificationId: id! });
		expect(result).toMatchObject({ status: 'requeued', reason: 'not-ready' });
		expect(await row(database.db, id!)).toMatchObject({ status: 'pending', attempts: 0 });
		expect(scheduler.jobs.size).toBe(1);
	});

	test('a database error before the claim brings the job back shortly, with nothing claimed, instead of losing it', async () => {
		const [id] = await planAlerts(database.db, 1);
		// The server dropping the connection mid-outage, as postgres.js reports it (SQLSTATE 57P01).
		const down: Db = {
			...database.db,
			query: () => Promise.reject(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))
		};
		const timing = new JobQueueTiming(scheduler, { databaseErrorDelayMs: 2_000 });
		const result = await new OutboxRunner(down, deliver, { workerId: 'w1', log, timing }).runJob({ notificationId: id! });
		expect(result).toMatchObject({ status: 'requeued', reason: 'database-error' });
		const at = (result as { at: Date }).at;
		expect(at.getTime()).toBeGreaterThan(Date.now() + 1_000);
		expect(scheduler.jobs.get(notificationJobId(id!, at))?.notificationId).toBe(id);
		expect(await row(database.db, id!)).toMatchObject({ status: 'pending', attempts: 0, claimed_by: null });
		expect(sent).toEqual([]);
	});

	test('a row queued long ago and still pending past its due time is queued again (its job was lost); a recent one is not', async () => {
		const [lost, recent] = await planAlerts(database.db, 2, -120_000);
		await database.db.query(`update public.notifications set queued_at = now() - interval '5 minutes' where id = $1`, [lost]);
		await database.db.query(`update public.notifications set queued_at = now() - interval '5 seconds' where id = $1`, [recent]);
		expect(await enqueuePending(database.db, scheduler, { staleMs: 60_000 })).toEqual({ queued: 0, requeued: 1 });
		expect([...scheduler.jobs.keys()]).toEqual([notificationJobId(lost!)]);
		// Marked again: the next pass leaves it alone for another `staleMs`.
		expect(await enqueuePending(database.db, scheduler, { staleMs: 60_000 })).toEqual({ queued: 0, requeued: 0 });
	});

	test('a job that could not be added leaves its row unqueued for the next pass', async () => {
		const [id] = await planAlerts(database.db, 1);
		const broken: NotificationScheduler = { schedule: async () => Promise.reject(new Error('Redis down')) };
		await expect(enqueuePending(database.db, broken)).rejects.toThrow('Redis down');
		expect((await row(database.db, id!)).queued_at).toBeNull();
	});

	test('the job-queue timing plans jobs at start (due rows whose jobs were lost included) and on a wake-up', async () => {
		const [overdue] = await planAlerts(database.db, 1, -5_000);
		await database.db.query(`update public.notifications set queued_at = now() - interval '1 second' where id = $1`, [overdue]);
		const started = runner('w1');
		await started.start();
		expect([...scheduler.jobs.keys()]).toEqual([notificationJobId(overdue!)]);
		const [fresh] = await planAlerts(database.db, 1);
		started.wake();
		await started.idle();
		await started.stop();
		expect([...scheduler.jobs.keys()].sort()).toEqual([notificationJobId(overdue!), notificationJobId(fresh!)].sort());
		// Both rows were left to their jobs: the backstop sweep only takes rows its grace (60 s) says a job missed.
		expect(sent).toEqual([]);
	});
});

describe.runIf(databaseTargets().some((target) => target.name === 'postgres'))('the job-queue queries on PostgreSQL', () => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await databaseTargets()
			.find((target) => target.name === 'postgres')!
			.create();
		await migrate(database.db);
	});
	afterAll(async () => {
		await database?.dispose();
	});

	test('picking rows to queue reads the due index, not the table', async () => {
		await planAlerts(database.db, 200, 3_600_000);
		await database.db.query('analyze public.notifications');
		const plans = await database.db.transaction(async (tx) => {
			await tx.query('set local enable_seqscan = off');
			return tx.query<{ 'QUERY PLAN': string }>(`explain ${pickForQueueSql}`, [600_000, 500, 60_000]);
		});
		expect(plans.map((line) => line['QUERY PLAN']).join('\n')).toContain('notifications_due_idx');
	});
});
