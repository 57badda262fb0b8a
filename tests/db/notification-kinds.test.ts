import { describe, expect, test } from 'vitest';
import type { Db, Queryable } from '../../src/lib/data/db.ts';
import { NOTIFICATION_KIND_NAMES } from '../../src/lib/outbox/kinds.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/** The kinds the CHECK on notifications.kind allows, read from the live constraint's definition. */
async function checkedKinds(db: Queryable): Promise<string[]> {
	const [row] = await db.query<{ definition: string }>(
		`select pg_get_constraintdef(c.oid) as definition from pg_constraint c
		 where c.conrelid = 'public.notifications'::regclass and c.conname = 'notifications_kind_check'`
	);
	expect(row, 'notifications_kind_check exists').toBeDefined();
	return [...row!.definition.matchAll(/'([^']+)'::text/g)].map((match) => match[1]!).sort();
}

/** Inserts one row of `kind` in a transaction that is rolled back; the SQLSTATE it was refused with, or null. */
async function refusal(db: Db, kind: string): Promise<string | null> {
	const rollback = new Error('rollback');
	const error = await db
		.transaction(async (tx) => {
			await tx.query(`insert into public.notifications (kind, dedupe_key, due_at) values ($1, 'kind-test:' || $1, now())`, [kind]);
			throw rollback;
		})
		.catch((caught: unknown) => caught);
	return error === rollback ? null : ((error as { code?: string }).code ?? String(error));
}

describe.each(databaseTargets())('notification kinds on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('the CHECK on notifications.kind lists exactly the registry of src/lib/outbox/kinds.ts', async () => {
		expect(await checkedKinds(database.db)).toEqual([...NOTIFICATION_KIND_NAMES].sort());
	});

	test('every registered kind can be written, and a kind outside the registry cannot', async () => {
		for (const kind of NOTIFICATION_KIND_NAMES) expect(await refusal(database.db, kind), kind).toBeNull();
		// session_started is what a late 2 h reminder says, never a row of its own (it left the CHECK).
		for (const kind of ['session_started', 'reminder_1h', '']) expect(await refusal(database.db, kind), kind).toBe('23514');
	});
});
