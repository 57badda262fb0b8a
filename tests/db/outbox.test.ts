import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import type { Db } from '../../src/lib/data/db.ts';
import { openPostgres } from '../../src/lib/data/postgres.ts';
import { createLogger } from '../../src/lib/log.ts';
import { retryDelayMs, type Deliver } from '../../src/lib/outbox/outcome.ts';
import { OutboxRunner } from '../../src/lib/outbox/runner.ts';
import { InProcessTiming } from '../../src/lib/outbox/timing/in-process.ts';
import { DeliveryPacer } from '../../src/lib/outbox/pacer.ts';
import { claimDue, claimOne, markSent } from '../../src/lib/data/outbox.ts';
import { until } from '../support/wait.ts';
import { planAlerts } from '../support/outbox.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import { wakeOutbox } from '../../src/lib/data/notifications.ts';

const log = createLogger('silent');

describe.each(databaseTargets())('notifications outbox on $name', (target) => {
	const database = useMigratedDatabase(target);
	beforeEach(async () => {
		await database.db.query('delete from public.notifications');
	});

	test('a row is claimed by one worker only, and only the claimant can mark it sent', async () => {
		const [id] = await planAlerts(database.db, 1);
		const [first, second] = await Promise.all([claimDue(database.db, 'a', 10, 60), claimDue(database.db, 'b', 10, 60)]);
		expect(first.length + second.length).toBe(1);
		const winner = first.length === 1 ? 'a' : 'b';
		expect(await markSent(database.db, id!, winner === 'a' ? 'b' : 'a')).toBe(false);
		expect(await markSent(database.db, id!, winner)).toBe(true);
		expect(await claimOne(database.db, id!, 'c', 60)).toBeNull();
	});

	test('nothing is claimed before it is due', async () => {
		await planAlerts(database.db, 3, 60_000);
		expect(await claimDue(database.db, 'a', 10, 60)).toEqual([]);
	});

	test('a worker that died mid-send leaves a lease; once it expires another worker delivers the row', async () => {
		const [id] = await planAlerts(database.db, 1);
		expect(await claimDue(database.db, 'dead', 10, 1)).toHaveLength(1);
		expect(await claimDue(database.db, 'alive', 10, 60)).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const [row] = await claimDue(database.db, 'alive', 10, 60);
		expect(row?.id).toBe(id);
		expect(row?.attempts).toBe(2);
	});

	test('the runner delivers what is due, retries a transient failure later and records it on the row', async () => {
		const [id] = await planAlerts(database.db, 1);
		let calls = 0;
		const deliver: Deliver = async () => (++calls === 1 ? { outcome: 'retry', error: 'Discord 503' } : { outcome: 'sent' });
		const runner = new OutboxRunner(database.db, deliver, { workerId: 'x', log });
		await runner.start();
		await until(async () => calls >= 1);
		await runner.idle();
		const [row] = await database.db.query<{ status: string; last_error: string; attempts: number; claimed_until: Date }>(
			'select status, last_error, attempts, claimed_until from public.notifications where id = $1',
			[id]
		);
		expect(row).toMatchObject({ status: 'pending', last_error: 'Discord 503', attempts: 1 });
		expect(row!.claimed_until.getTime()).toBeGreaterThan(Date.now() + retryDelayMs(1) - 5000);
		await runner.stop();
	});

	test('a permanent failure and a skip are recorded, never retried', async () => {
		const [failing, skipping] = await planAlerts(database.db, 2);
		const deliver: Deliver = async (row) =>
			row.id === failing
				? { outcome: 'failed', error: 'Cannot send messages to this user (50007)' }
				: { outcome: 'skipped', reason: 'session already started' };
		const runner = new OutboxRunner(database.db, deliver, { workerId: 'x', log });
		await runner.start();
		await until(async () => (await database.db.query(`select 1 from public.notifications where status in ('failed', 'skipped')`)).length === 2);
		await runner.stop();
		const rows = await database.db.query<{ id: string; status: string }>('select id, status from public.notifications order by status');
		expect(rows).toEqual([
			{ id: failing, status: 'failed' },
			{ id: skipping, status: 'skipped' }
		]);
	});

	test('a row coming due while the runner waits is delivered on time, never early', async () => {
		const sent: { id: string; late: number }[] = [];
		const dueAt = new Map<string, number>();
		const deliver: Deliver = async (row) => {
			sent.push({ id: row.id, late: Date.now() - dueAt.get(row.id)! });
			return { outcome: 'sent' };
		};
		const runner = new OutboxRunner(database.db, deliver, { workerId: 'x', log, timing: new InProcessTiming({ sweepMs: 30_000 }) });
		await runner.start();
		const [id] = await planAlerts(database.db, 1, 800);
		const [row] = await database.db.query<{ due_at: Date }>('select due_at from public.notifications where id = $1', [id]);
		dueAt.set(id!, row!.due_at.getTime());
		await wakeOutbox(database.db, id!);
		await until(async () => sent.length === 1);
		await runner.stop();
		expect(sent[0]!.late).toBeGreaterThanOrEqual(0);
		// Delivered by the timer set to the due time, long before the 30 s sweep would have found it.
		expect(sent[0]!.late).toBeLessThan(15_000);
	});

	test('while deliveries cannot run (the gateway is away) nothing is claimed; the wake-up when it is back delivers', async () => {
		const [id] = await planAlerts(database.db, 1);
		let ready = false;
		const sent: string[] = [];
		const deliver: Deliver = async (row) => (sent.push(row.id), { outcome: 'sent' });
		const runner = new OutboxRunner(database.db, deliver, {
			workerId: 'x',
			log,
			ready: () => ready,
			timing: new InProcessTiming({ sweepMs: 30_000 })
		});
		await runner.start();
		await runner.idle();
		const [row] = await database.db.query<{ attempts: number; claimed_by: string | null }>(
			'select attempts, claimed_by from public.notifications where id = $1',
			[id]
		);
		expect(row).toEqual({ attempts: 0, claimed_by: null });
		ready = true;
		runner.wake();
		await until(async () => sent.length === 1);
		await runner.stop();
		expect(sent).toEqual([id]);
	});

	test('a slow Discord never lets a lease run out mid-send: rows are claimed as their delivery starts, each delivered once', async () => {
		const ids = await planAlerts(database.db, 8);
		const deliveries = new Map<string, number>();
		const deliver: Deliver = async (row) => {
			deliveries.set(row.id, (deliveries.get(row.id) ?? 0) + 1);
			await new Promise((resolve) => setTimeout(resolve, 400));
			return { outcome: 'sent' };
		};
		// Two-second leases, 400 ms per delivery: claiming all eight up front would let the last ones' leases end first.
		const runners = ['one', 'two'].map(
			(worker) =>
				new OutboxRunner(database.db, deliver, { workerId: worker, log, leaseSeconds: 2, timing: new InProcessTiming({ sweepMs: 100 }) })
		);
		await runners[0]!.start();
		await until(async () => deliveries.size > 0);
		await runners[1]!.start();
		await until(async () => (await database.db.query(`select 1 from public.notifications where status = 'sent'`)).length === ids.length, 15_000);
		await Promise.all(runners.map((runner) => runner.stop()));
		expect([...deliveries.values()]).toEqual(ids.map(() => 1));
	});

	test('a delivery that hangs is given up on before its lease ends: recorded as a retry, and no other worker sends it meanwhile', async () => {
		const [id] = await planAlerts(database.db, 1);
		let calls = 0;
		const deliver: Deliver = () => {
			calls += 1;
			return new Promise(() => undefined);
		};
		const runners = ['stuck', 'other'].map(
			(worker) =>
				new OutboxRunner(database.db, deliver, { workerId: worker, log, leaseSeconds: 2, timing: new InProcessTiming({ sweepMs: 200 }) })
		);
		await runners[0]!.start();
		await until(async () => calls === 1);
		await runners[1]!.start();
		await until(async () => (await database.db.query(`select 1 from public.notifications where last_error is not null`)).length === 1, 8000);
		await new Promise((resolve) => setTimeout(resolve, 2200));
		const [row] = await database.db.query<{ status: string; last_error: string; attempts: number; claimed_until: Date }>(
			'select status, last_error, attempts, claimed_until from public.notifications where id = $1',
			[id]
		);
		await Promise.all(runners.map((runner) => runner.stop()));
		expect(row).toMatchObject({ status: 'pending', last_error: 'delivery timed out after 1500 ms', attempts: 1 });
		expect(row!.claimed_until.getTime()).toBeGreaterThan(Date.now() + 20_000);
		expect(calls).toBe(1);
	});

	test('deliveries start paced (at most N a second, in turn) with a bounded number at once', async () => {
		await planAlerts(database.db, 12);
		const starts: number[] = [];
		let running = 0;
		let most = 0;
		const deliver: Deliver = async () => {
			starts.push(performance.now());
			running += 1;
			most = Math.max(most, running);
			await new Promise((resolve) => setTimeout(resolve, 120));
			running -= 1;
			return { outcome: 'sent' };
		};
		const runner = new OutboxRunner(database.db, deliver, { workerId: 'x', log, lanes: 3, pacer: new DeliveryPacer(20) });
		await runner.start();
		await until(async () => (await database.db.query(`select 1 from public.notifications where status = 'sent'`)).length === 12, 10_000);
		await runner.stop();
		// 20 a second: any five starts span at least four turns of 50 ms (less the claim's own round trip).
		const spans = starts.slice(4).map((at, index) => at - starts[index]!);
		expect(Math.min(...spans)).toBeGreaterThanOrEqual(170);
		expect(most).toBeLessThanOrEqual(3);
		expect(most).toBeGreaterThan(1);
	});
});

describe.runIf(databaseTargets().some((target) => target.name === 'postgres'))('two runner processes on PostgreSQL', () => {
	const pools: Db[] = [];
	afterAll(async () => {
		for (const pool of pools) await pool.close();
	});
	const database = useMigratedDatabase(databaseTargets().find((target) => target.name === 'postgres')!);

	test('every notification is delivered exactly once across two runners with their own connections', async () => {
		const ids = await planAlerts(database.db, 300);
		const deliveries = new Map<string, number>();
		const deliver: Deliver = async (row) => {
			deliveries.set(row.id, (deliveries.get(row.id) ?? 0) + 1);
			await new Promise((resolve) => setTimeout(resolve, 1));
			return { outcome: 'sent' };
		};
		const runners = ['one', 'two'].map((worker) => {
			const pool = openPostgres(String(database.url), { max: 3 });
			pools.push(pool);
			return new OutboxRunner(pool, deliver, { workerId: worker, log, lanes: 3 });
		});
		await Promise.all(runners.map((runner) => runner.start()));
		await until(async () => (await database.db.query(`select 1 from public.notifications where status = 'sent'`)).length === ids.length, 30_000);
		await Promise.all(runners.map((runner) => runner.stop()));
		expect(deliveries.size).toBe(ids.length);
		expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
	});
});
