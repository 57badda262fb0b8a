import { describe, expect, test } from 'vitest';
import { deliverNotification } from '../../../src/bot/outbox/deliver.ts';
import type { NotificationKind } from '../../../src/lib/outbox/kinds.ts';

describe('delivering a row its registry entry does not describe', () => {
	test('fails at once (which alerts staff) instead of being skipped quietly or retried', async () => {
		const row = {
			id: '00000000-0000-4000-8000-000000000001',
			kind: 'session_started' as NotificationKind,
			booking_id: null,
			member_id: null,
			ticket_id: null,
			due_at: new Date(),
			payload: {},
			attempts: 1
		};
		expect(await deliverNotification(row)).toEqual({ outcome: 'failed', error: 'no sender for notification kind session_started' });
	});

	test('a payload its kind’s schema refuses fails at once, naming the field, before any sender runs', async () => {
		const row = {
			id: '00000000-0000-4000-8000-000000000002',
			kind: 'booking_claim' as NotificationKind,
			booking_id: null,
			member_id: null,
			ticket_id: null,
			due_at: new Date(),
			payload: { claim_id: 42 },
			attempts: 1
		};
		const result = await deliverNotification(row);
		expect(result).toMatchObject({ outcome: 'failed' });
		expect((result as { error: string }).error).toMatch(/^the payload of booking_claim does not match its schema \(claim_id: /);
	});
});
