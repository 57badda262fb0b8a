import { beforeEach, describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { createLogger } from '../../src/lib/log.ts';
import { listNotifications } from '../../src/lib/outbox/admin.ts';
import { FAILURE_ALERT_WINDOW_MS, markFailedAndAlert } from '../../src/lib/outbox/failure-alert.ts';
import { deliverClaimed, type Deliver } from '../../src/lib/outbox/outcome.ts';
import { claimDue } from '../../src/lib/data/outbox.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';
import * as make from '../support/rows.ts';

const log = createLogger('silent');

/** Plans `count` notifications of `kind`, due now, each with its own dedupe key; returns their ids. */
async function plan(db: Queryable, kind: string, count = 1): Promise<string[]> {
	const ids: string[] = [];
	for (let n = 0; n < count; n += 1) ids.push((await make.notification(db, { kind, due_at: make.ago('1 second') })).id);
	return ids;
}

interface AlertRow {
	dedupe_key: string;
	status: string;
	payload: { reason: string; kind: string; notification: string; attempts: number; advice: string; code: string | null; minutes: number };
}

const alerts = (db: Queryable) =>
	db.query<AlertRow & Record<string, unknown>>(
		`select dedupe_key, status, payload from public.notifications where kind = 'staff_alert' and dedupe_key like 'failed:%' order by created_at, dedupe_key`
	);

describe.each(databaseTargets())('failure alerts on $name', (target) => {
	const database = useMigratedDatabase(target);
	beforeEach(async () => {
		await database.db.query('delete from public.notifications');
	});

	test('a Discord 4xx fails the row and alerts staff once for its kind, with the advice and code but not the error text', async () => {
		const ids = await plan(database.db, 'ticket_nudge', 3);
		const deliver: Deliver = async () => ({ outcome: 'failed', error: 'Discord 403 50013: Missing Permissions (member alia)' });
		for (const row of await claimDue(database.db, 'w', 10, 60)) await deliverClaimed(database.db, deliver, row, { workerId: 'w', log });
		const statuses = await database.db.query<{ status: string }>('select status from public.notifications where id = any($1::uuid[])', [ids]);
		expect(statuses.map((row) => row.status)).toEqual(['failed', 'failed', 'failed']);
		const planned = await alerts(database.db);
		expect(planned).toHaveLength(1);
		expect(planned[0]).toMatchObject({
			status: 'pending',
			payload: {
				reason: 'notification_failed',
				kind: 'ticket_nudge',
				attempts: 1,
				advice: 'permissions',
				code: 'Discord 403 50013',
				minutes: FAILURE_ALERT_WINDOW_MS / 60_000
			}
		});
		expect(ids).toContain(planned[0]!.payload.notification);
		expect(JSON.stringify(planned[0]!.payload)).not.toContain('alia');
	});

	test('attempts exhausted alert too (advice: reach Discord); another kind alerts on its own; a failed staff alert alerts nobody', async () => {
		const [reminder] = await plan(database.db, 'reminder_24h');
		const [nudge] = await plan(database.db, 'ticket_nudge');
		const [alert] = await plan(database.db, 'staff_alert');
		const deliver: Deliver = async (row) =>
			row.kind === 'reminder_24h'
				? { outcome: 'retry', error: 'Discord 503 0: Service Unavailable' }
				: { outcome: 'failed', error: 'Discord 404 10003: Unknown Channel' };
		for (const row of await claimDue(database.db, 'w', 10, 60))
			await deliverClaimed(database.db, deliver, row, { workerId: 'w', log, maxAttempts: 1 });
		const states = await database.db.query<{ id: string; status: string }>(
			'select id, status from public.notifications where id = any($1::uuid[])',
			[[reminder, nudge, alert]]
		);
		expect(Object.fromEntries(states.map((row) => [row.id, row.status]))).toEqual({
			[reminder!]: 'failed',
			[nudge!]: 'failed',
			[alert!]: 'failed'
		});
		const planned = (await alerts(database.db)).map((row) => [row.payload.kind, row.payload.advice, row.payload.code]).sort();
		expect(planned).toEqual([
			['reminder_24h', 'exhausted', 'Discord 503 0'],
			['ticket_nudge', 'gone', 'Discord 404 10003']
		]);
	});

	test('only the worker holding the claim records the failure (and so the alert)', async () => {
		const [id] = await plan(database.db, 'ticket_nudge');
		await claimDue(database.db, 'holder', 10, 60);
		expect(await markFailedAndAlert(database.db, { id: id!, worker: 'intruder' }, 'Discord 403 50013: x')).toEqual({
			failed: false,
			alertKey: null
		});
		expect(await alerts(database.db)).toEqual([]);
		const outcome = await markFailedAndAlert(database.db, { id: id!, worker: 'holder' }, 'Discord 403 50013: x');
		expect(outcome.failed).toBe(true);
		expect(outcome.alertKey).toMatch(/^failed:ticket_nudge:\d+$/);
	});

	test('twenty failures of one kind at once, from separate connections: one alert', async () => {
		const ids = await plan(database.db, 'booking_confirmation', 20);
		const workers = ids.map((_, index) => `w${index}`);
		// Each worker claims one row (as twenty bot processes would), then all record their failure at the same time.
		const claimed = await Promise.all(
			ids.map((id, index) =>
				database.db.query(`update public.notifications set claimed_by = $2, claimed_until = now() + interval '1 minute' where id = $1`, [
					id,
					workers[index]
				])
			)
		);
		expect(claimed).toHaveLength(20);
		const outcomes = await Promise.all(
			ids.map((id, index) => markFailedAndAlert(database.db, { id, worker: workers[index]! }, 'Discord 403 50013: x'))
		);
		expect(outcomes.filter((outcome) => outcome.failed)).toHaveLength(20);
		expect(outcomes.filter((outcome) => outcome.alertKey)).toHaveLength(1);
		expect(await alerts(database.db)).toHaveLength(1);
	});

	test('a failure in the next window alerts again unless the previous window alerted within the window', async () => {
		const [first, second, third] = await plan(database.db, 'ticket_nudge', 3);
		for (const id of [first, second, third]) await database.db.query(`update public.notifications set claimed_by = 'w' where id = $1`, [id]);
		expect((await markFailedAndAlert(database.db, { id: first!, worker: 'w' }, 'Discord 403 50013: x')).alertKey).not.toBeNull();
		// The alert moves to the previous window but was made moments ago: still suppresses.
		await database.db.query(
			`update public.notifications set dedupe_key = 'failed:ticket_nudge:' || (floor(extract(epoch from now()) * 1000 / $1::float8)::bigint - 1) where dedupe_key like 'failed:%'`,
			[FAILURE_ALERT_WINDOW_MS]
		);
		expect((await markFailedAndAlert(database.db, { id: second!, worker: 'w' }, 'Discord 403 50013: x')).alertKey).toBeNull();
		// Made a whole window ago: the next failure alerts again.
		await database.db.query(
			`update public.notifications set created_at = now() - make_interval(secs => $1::float8 / 1000 + 1) where dedupe_key like 'failed:%'`,
			[FAILURE_ALERT_WINDOW_MS]
		);
		expect((await markFailedAndAlert(database.db, { id: third!, worker: 'w' }, 'Discord 403 50013: x')).alertKey).not.toBeNull();
	});

	test('the staff list marks failed rows an alert covers; a failed staff alert is listed but covered by none', async () => {
		const [nudge] = await plan(database.db, 'ticket_nudge');
		const [alert] = await plan(database.db, 'staff_alert');
		await database.db.query(`update public.notifications set claimed_by = 'w'`);
		await markFailedAndAlert(database.db, { id: nudge!, worker: 'w' }, 'Discord 403 50013: x');
		await markFailedAndAlert(database.db, { id: alert!, worker: 'w' }, 'Discord 403 50013: x');
		const listed = await listNotifications(database.db, 'failed', 50);
		expect(Object.fromEntries(listed.map((row) => [row.id, row.alerted]))).toEqual({ [nudge!]: true, [alert!]: false });
	});
});
