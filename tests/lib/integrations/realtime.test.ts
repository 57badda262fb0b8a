import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { until } from '../../support/wait.ts';
import { subscribeOutboxWakeups, type RealtimeWakeups } from '../../../src/lib/integrations/realtime.ts';
import { createLogger } from '../../../src/lib/log.ts';
import { startRealtimeStandin } from '../../support/realtime-standin.ts';

describe('Supabase Realtime wake-ups (supabase-js against a local Realtime stand-in)', () => {
	let realtime: Awaited<ReturnType<typeof startRealtimeStandin>>;
	let subscription: RealtimeWakeups | undefined;
	let wakes = 0;
	const key = 'service-role-key-for-tests-0123456789';

	beforeAll(async () => {
		realtime = await startRealtimeStandin();
		subscription = subscribeOutboxWakeups(realtime.url, key, () => (wakes += 1), createLogger('silent'));
		await until(() => realtime.joinedTopics().includes('realtime:fpsos-outbox'));
	});
	afterAll(async () => {
		await subscription?.close();
		await realtime?.close();
	});

	test('joins with the service-role key and a binding for INSERTs into notifications that asks for the id alone', () => {
		expect(realtime.apiKeys).toContain(key);
		expect(realtime.bindings()).toEqual([{ id: 1, event: 'INSERT', schema: 'public', table: 'notifications', select: ['id'] }]);
	});

	test('subscribing wakes the outbox once (Realtime replays nothing missed while it was down)', async () => {
		await until(() => wakes === 1);
	});

	test('an INSERT into notifications wakes the outbox; other tables do not', async () => {
		const before = wakes;
		realtime.insert('bookings', { id: 'b' });
		realtime.insert('notifications', { id: 'n', kind: 'booking_confirmation' });
		await until(() => wakes === before + 1);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(wakes).toBe(before + 1);
	});
});
