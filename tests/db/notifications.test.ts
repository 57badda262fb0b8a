import { describe, expect, test } from 'vitest';
import { planNotification, wakeOutbox } from '../../src/lib/data/notifications.ts';
import { createLogger } from '../../src/lib/log.ts';
import { OutboxRunner } from '../../src/lib/outbox/runner.ts';
import { InProcessTiming } from '../../src/lib/outbox/timing/in-process.ts';
import { OUTBOX_CHANNEL } from '../../src/lib/outbox/channel.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import { until } from '../support/wait.ts';

describe.each(databaseTargets())('planning a notification on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('plans the row once per dedupe key and wakes the outbox with its id at commit, only when it planned one', async () => {
		const heard: string[] = [];
		const unlisten = await database.db.listen(OUTBOX_CHANNEL, (payload) => heard.push(payload));
		try {
			const key = `plan-test:${Date.now()}`;
			const id = await database.db.transaction(async (tx) => {
				const planned = await planNotification(tx, { kind: 'staff_alert', dedupeKey: key, payload: { reason: 'low_rating', rating: 2 } });
				expect(heard).toEqual([]);
				return planned;
			});
			expect(id).toMatch(/^[0-9a-f-]{36}$/);
			await until(async () => heard.length > 0);
			expect(heard).toEqual([id]);
			expect(await planNotification(database.db, { kind: 'staff_alert', dedupeKey: key, payload: { reason: 'other' } })).toBeNull();
			await wakeOutbox(database.db, 'marker');
			await until(async () => heard.includes('marker'));
			expect(heard).toEqual([id, 'marker']);
			const [row] = await database.db.query<{ kind: string; payload: unknown; due_at: Date }>(
				'select kind, payload, due_at from public.notifications where id = $1',
				[id]
			);
			expect(row).toMatchObject({ kind: 'staff_alert', payload: { reason: 'low_rating', rating: 2 } });
		} finally {
			await unlisten();
		}
	});

	test('a plan wakes a waiting runner by itself, at commit: nobody calls wake() and the sweep is 30 s away', async () => {
		const sent: string[] = [];
		const runner = new OutboxRunner(database.db, async (row) => (sent.push(row.id), { outcome: 'sent' }), {
			workerId: 'w',
			log: createLogger('silent'),
			timing: new InProcessTiming({ sweepMs: 30_000 })
		});
		await database.db.query(`update public.notifications set status = 'canceled', canceled_at = now() where status = 'pending'`);
		await runner.start();
		await runner.idle();
		try {
			const id = await database.db.transaction((tx) =>
				planNotification(tx, { kind: 'staff_alert', dedupeKey: `wake-test:${Date.now()}`, payload: { reason: 'unknown' } })
			);
			await until(async () => sent.includes(id!), 5_000);
		} finally {
			await runner.stop();
		}
	});

	test('a payload that breaks its kind’s schema is refused before anything is written, and so is an unregistered kind', async () => {
		const before = await database.db.query('select id from public.notifications');
		await expect(
			planNotification(database.db, { kind: 'booking_claim', dedupeKey: 'bad-payload', payload: { claim_id: 42 as unknown as string } })
		).rejects.toThrow();
		await expect(
			database.db.query(`select public.plan_notification('session_started', now(), p_dedupe_key => 'unregistered')`)
		).rejects.toMatchObject({ code: '23514' });
		expect(await database.db.query('select id from public.notifications')).toEqual(before);
	});

	test('no other function of the schema inserts into notifications: every SQL writer plans through it', async () => {
		const rows = await database.db.query<{ name: string }>(
			`select p.proname as name from pg_proc p
			 where p.pronamespace = 'public'::regnamespace and p.prokind = 'f' and pg_get_functiondef(p.oid) ~* 'insert\\s+into\\s+public\\.notifications'
			 order by 1`
		);
		expect(rows.map((row) => row.name)).toEqual(['plan_notification']);
	});

	test('the API roles and the webhook role cannot call it', async () => {
		const [row] = await database.db.query<{ anon: boolean; authenticated: boolean; webhook: boolean }>(
			`select has_function_privilege('anon', p.oid, 'EXECUTE') as anon, has_function_privilege('authenticated', p.oid, 'EXECUTE') as authenticated,
				has_function_privilege('fpsos_webhook', p.oid, 'EXECUTE') as webhook
			 from pg_proc p where p.proname = 'plan_notification' and p.pronamespace = 'public'::regnamespace`
		);
		expect(row).toEqual({ anon: false, authenticated: false, webhook: false });
	});
});
