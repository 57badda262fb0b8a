import { describe, expect, test } from 'vitest';
import { buildCalendlyDelivery, DELIVERY_RECORD_KEYS, deliveryRecordSchema } from '../../src/lib/integrations/calendly/core.ts';
import {
	deliveryBytes,
	inviteeCanceled,
	inviteeCreated,
	noShowCreated,
	noShowDeleted
} from '../../supabase/functions/_shared/fixtures/deliveries.ts';
import type { Queryable } from '../../src/lib/data/db.ts';
import { databaseTargets, useMigratedDatabase } from '../support/databases.ts';

/**
 * The delivery record has one schema (supabase/functions/_shared/calendly/delivery-record.ts): what the handler builds
 * conforms to it, and the live SQL reads exactly its keys. The live functions are read from the migrated database
 * (pg_get_functiondef): public.calendly_apply_delivery and every function it hands the record to (as `delivery`).
 */
const DELIVERY_KEY = /\bdelivery\s*->>?\s*'([^']+)'/g;
const HANDS_ON = /\b(public\.[a-z_]+)\s*\(\s*delivery\b/g;

async function definition(db: Queryable, fn: string): Promise<string> {
	const [row] = await db.query<{ body: string }>('select pg_get_functiondef(to_regproc($1)) as body', [fn]);
	if (!row?.body) throw new Error(`${fn} is not defined`);
	return row.body;
}

/** The keys of `delivery` the function reads, with those of the functions it passes `delivery` to. */
async function keysRead(db: Queryable, fn: string, seen = new Set<string>()): Promise<{ keys: Set<string>; functions: string[] }> {
	seen.add(fn);
	const body = await definition(db, fn);
	const keys = new Set([...body.matchAll(DELIVERY_KEY)].map((match) => match[1]!));
	for (const [, callee] of body.matchAll(HANDS_ON)) {
		if (seen.has(callee!)) continue;
		for (const key of (await keysRead(db, callee!, seen)).keys) keys.add(key);
	}
	return { keys, functions: [...seen] };
}

describe('the delivery record', () => {
	test('what buildCalendlyDelivery makes of each kind of delivery conforms to the schema, every key present', async () => {
		const now = new Date('2026-03-02T17:04:11Z');
		const bodies: unknown[] = [
			inviteeCreated(),
			inviteeCanceled(),
			noShowCreated(),
			noShowDeleted(),
			{ event: 'routing_form_submission.created', created_at: now.toISOString(), payload: {} },
			{ hello: 'world' }
		];
		const kinds = [];
		for (const body of bodies) {
			const record = await buildCalendlyDelivery(body, deliveryBytes(body), now);
			expect(deliveryRecordSchema.parse(record)).toEqual(record);
			expect(Object.keys(record).sort()).toEqual([...DELIVERY_RECORD_KEYS].sort());
			kinds.push(record.kind);
		}
		expect(kinds).toEqual(['created', 'canceled', 'no_show_created', 'no_show_deleted', 'ignored', 'invalid']);
	});

	test('the schema refuses a record with a key it does not name, or without one it names', () => {
		const valid: Record<string, unknown> = {
			...Object.fromEntries(DELIVERY_RECORD_KEYS.map((key) => [key, null])),
			kind: 'ignored',
			event_type: 'x',
			dedupe_key: 'x',
			now: '2026-03-02T17:04:11.000Z',
			rescheduled: false
		};
		expect(deliveryRecordSchema.safeParse(valid).success).toBe(true);
		expect(deliveryRecordSchema.safeParse({ ...valid, extra: null }).success).toBe(false);
		const missing = { ...valid };
		delete missing.error;
		expect(deliveryRecordSchema.safeParse(missing).success).toBe(false);
	});
});

describe.each(databaseTargets())('the live calendly_apply_delivery on $name', (target) => {
	const database = useMigratedDatabase(target);

	test('reads exactly the keys of the delivery record schema, itself and through calendly_insert_booking', async () => {
		const { keys, functions } = await keysRead(database.db, 'public.calendly_apply_delivery');
		expect(functions).toEqual(['public.calendly_apply_delivery', 'public.calendly_insert_booking']);
		expect([...keys].sort()).toEqual([...DELIVERY_RECORD_KEYS].sort());
	});

	test('the check sees a key the schema does not have', async () => {
		const body = await definition(database.db, 'public.calendly_apply_delivery');
		const changed = body.replace("delivery ->> 'canceler_type'", "delivery ->> 'canceller_type'");
		expect(changed).not.toBe(body);
		const keys = new Set([...changed.matchAll(DELIVERY_KEY)].map((match) => match[1]!));
		expect(keys.has('canceller_type')).toBe(true);
		expect(keys.has('canceler_type')).toBe(false);
	});
});
