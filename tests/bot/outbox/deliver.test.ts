import { describe, expect, test } from 'vitest';
import { deliverNotification } from '../../../src/bot/outbox/deliver.ts';
import type { NotificationKind } from '../../../src/lib/outbox/kinds.ts';

describe('delivering a row whose kind has no sender', () => {
	test('fails at once (which alerts staff) instead of being skipped quietly or retried', async () => {
		const row = { id: '00000000-0000-4000-8000-000000000001', kind: 'session_started' as NotificationKind, booking_id: null, member_id: null, ticket_id: null, due_at: new Date(), payload: {}, attempts: 1 };
		expect(await deliverNotification(row)).toEqual({ outcome: 'failed', error: 'no sender for notification kind session_started' });
	});
});
