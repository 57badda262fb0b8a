import { describe, expect, test } from 'vitest';
import { buildCalendlyDelivery } from '../../supabase/functions/_shared/calendly/payload.ts';
import { deliveryBytes, inviteeCreated } from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { Queryable } from '../../src/lib/data/db.ts';
import { unpaidBookingsSql } from '../../src/lib/data/staff-tools.ts';
import { nextWakeSql } from '../../src/lib/data/outbox.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/**
 * Migration 20261207100000_tight_and_fast.sql: the hot queries read their indexes, new tables and sequences in public
 * are closed to the API roles, credit_ledger cannot be truncated, and the Edge Function's role can run the webhook and
 * nothing else. Whatever a test changes happens in a transaction that is rolled back.
 */
describe.each(databaseTargets())('tight and fast schema on $name', (target) => {
	const database = useMigratedDatabase(target);

	/** Runs `fn` in a transaction that is always rolled back; returns what `fn` returned, or the error it threw. */
	async function inRollback<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
		const rollback = new Error('rollback');
		let result: T | undefined;
		await database.db
			.transaction(async (tx) => {
				result = await fn(tx);
				throw rollback;
			})
			.catch((error: unknown) => {
				if (error !== rollback) throw error;
			});
		return result as T;
	}

	/** The error a statement raises inside a savepoint (so the transaction goes on), or null when it succeeds. */
	async function refusal(tx: Queryable, sql: string, params: unknown[] = []): Promise<string | null> {
		await tx.query('savepoint attempt');
		try {
			await tx.query(sql, params);
			await tx.query('release savepoint attempt');
			return null;
		} catch (error) {
			await tx.query('rollback to savepoint attempt');
			return error instanceof Error ? error.message : String(error);
		}
	}

	const plan = async (tx: Queryable, sql: string, params: unknown[] = []) =>
		(await tx.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params)).map((row) => row['QUERY PLAN']).join('\n');

	test('the next-due lookup reads one entry of its index however many rows are pending', async () => {
		const text = await inRollback(async (tx) => {
			await tx.query(`insert into public.notifications (kind, dedupe_key, due_at, payload)
				select 'staff_alert', 'plan-' || g, now() + g * interval '1 minute', '{}' from generate_series(1, 5000) as g`);
			await tx.query('analyze public.notifications');
			return plan(tx, nextWakeSql);
		});
		expect(text).toContain('notifications_next_wake_idx');
		expect(text).toMatch(/Limit/);
		expect(text).not.toMatch(/Seq Scan/);
	});

	test('the staff /booking autocomplete reads the unpaid sessions alone, not every session of the window', async () => {
		const text = await inRollback(async (tx) => {
			await tx.query(`insert into public.bookings (calendly_invitee_uri, starts_at, ends_at, status, payment_status, paid_aed, payment_method, paid_at)
				select 'https://api.calendly.com/invitees/plan-' || g, now() - g * interval '5 minutes', now() - g * interval '5 minutes' + interval '1 hour',
					'completed', 'paid', 199, 'cash', now()
				from generate_series(1, 5000) as g`);
			await tx.query('analyze public.bookings');
			return plan(tx, unpaidBookingsSql, ['', '%%', '', 25, 'unpaid']);
		});
		expect(text).toContain('bookings_payment_starts_idx');
	});

	test.each([
		['notifications_ticket_idx', 'select id from public.notifications where ticket_id = $1'],
		['webhook_events_booking_idx', 'select id from public.webhook_events where booking_id = $1'],
		['bookings_referral_code_idx', 'select id from public.bookings where referral_code_id = $1'],
		['support_tickets_member_created_idx', 'select id from public.support_tickets where member_id = $1 order by created_at desc'],
		['bookings_booking_link_idx', 'select id from public.bookings where booking_link_id = $1']
	])('a lookup by key reads %s', async (index, sql) => {
		const text = await inRollback(async (tx) => {
			await tx.query('set local enable_seqscan = off');
			return plan(tx, sql.replace('$1', `'00000000-0000-4000-8000-000000000000'`));
		});
		expect(text).toContain(index);
	});

	test('a table and a sequence a later migration adds in public give anon and authenticated nothing', async () => {
		const grants = await inRollback(async (tx) => {
			await tx.exec('create table public.later_table (id bigint generated always as identity primary key, note text)');
			return tx.query<{ role: string; table_privileges: boolean; sequence_privileges: boolean }>(`
				select r as role,
					has_table_privilege(r, 'public.later_table', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') as table_privileges,
					has_sequence_privilege(r, pg_get_serial_sequence('public.later_table', 'id'), 'USAGE, SELECT, UPDATE') as sequence_privileges
				from unnest(array['anon', 'authenticated']) as r order by r`);
		});
		expect(grants).toEqual([
			{ role: 'anon', table_privileges: false, sequence_privileges: false },
			{ role: 'authenticated', table_privileges: false, sequence_privileges: false }
		]);
	});

	test('credit_ledger cannot be truncated: not by service_role (no privilege), not by the owner, not by a cascade', async () => {
		const errors = await inRollback(async (tx) => {
			await tx.query('set local role service_role');
			const asServiceRole = await refusal(tx, 'truncate public.credit_ledger');
			await tx.query('reset role');
			return {
				asServiceRole,
				asOwner: await refusal(tx, 'truncate public.credit_ledger'),
				cascade: await refusal(tx, 'truncate public.members cascade')
			};
		});
		expect(errors.asServiceRole).toMatch(/permission denied/);
		expect(errors.asOwner).toMatch(/credit_ledger is append-only: TRUNCATE is not allowed/);
		expect(errors.cascade).toMatch(/credit_ledger is append-only: TRUNCATE is not allowed/);
	});

	test('fpsos_webhook cannot log in and has bounded statements until the owner says otherwise', async () => {
		const [role] = await database.db.query<{ rolcanlogin: boolean; rolconfig: string[] }>(
			`select rolcanlogin, rolconfig from pg_roles where rolname = 'fpsos_webhook'`
		);
		expect(role?.rolcanlogin).toBe(false);
		expect(role?.rolconfig).toEqual(
			expect.arrayContaining(['statement_timeout=5s', 'lock_timeout=2s', 'idle_in_transaction_session_timeout=10s'])
		);
	});

	test('fpsos_webhook executes the webhook (a delivery is written) and can do nothing else', async () => {
		const delivery = inviteeCreated();
		const bytes = deliveryBytes(delivery);
		const normalised = JSON.stringify(await buildCalendlyDelivery(delivery, bytes, new Date()));
		const outcome = await inRollback(async (tx) => {
			await tx.query('set local role fpsos_webhook');
			const [applied] = await tx.query<{ result: { outcome: string; booking_id: string | null } }>(
				'select public.calendly_apply_delivery($1::text::jsonb, $2::text) as result',
				[normalised, new TextDecoder().decode(bytes)]
			);
			const refused = {
				readBookings: await refusal(tx, 'select count(*) from public.bookings'),
				readMembers: await refusal(tx, 'select count(*) from public.members'),
				writeOutbox: await refusal(
					tx,
					`insert into public.notifications (kind, dedupe_key, due_at, payload) values ('staff_alert', 'x', now(), '{}')`
				),
				redeemCredit: await refusal(tx, `select public.credit_redeem(gen_random_uuid(), gen_random_uuid(), 1, 'x', 'x')`)
			};
			await tx.query('reset role');
			const executable = await tx.query<{ fn: string }>(`
				select p.oid::regprocedure::text as fn from pg_proc p
				where p.pronamespace = 'public'::regnamespace and has_function_privilege('fpsos_webhook', p.oid, 'EXECUTE') order by 1`);
			const tables = await tx.query<{ relname: string }>(`
				select c.relname from pg_class c
				where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
					and (has_table_privilege('fpsos_webhook', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'))`);
			const [stored] = await tx.query<{ n: number }>('select count(*)::int as n from public.webhook_events where id = $1', [
				(applied!.result as unknown as { webhook_event_id: number }).webhook_event_id
			]);
			return { result: applied!.result, refused, executable: executable.map((row) => row.fn), tables, stored: stored?.n };
		});
		expect(outcome.result.outcome).toBe('unmatched');
		expect(outcome.stored).toBe(1);
		for (const error of Object.values(outcome.refused)) expect(error).toMatch(/permission denied/);
		expect(outcome.executable).toEqual([
			'calendly_apply_deliveries(jsonb,text[])',
			'calendly_apply_delivery(jsonb,text)',
			'calendly_signature_mismatch(timestamp with time zone)'
		]);
		expect(outcome.tables).toEqual([]);
	});
});
