import { createClient, REALTIME_SUBSCRIBE_STATES } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { Logger } from '../log.ts';

export interface RealtimeWakeups {
	close(): Promise<void>;
}

/**
 * Supabase Realtime as the outbox's wake-up when Supabase is configured: every INSERT into `notifications` calls
 * `onWake`. Realtime does not guarantee delivery (nothing is replayed after a reconnect), so it only wakes the bot:
 * the rows are claimed from the table and the periodic sweep finds whatever a lost message missed. Every (re)subscribe
 * also wakes it, so rows inserted while the connection was down are sent without waiting for the sweep. The key is
 * SUPABASE_SECRET_KEY (sb_secret_...) or the legacy service-role key. It asks for the
 * row's id alone (`select`), which is all the supabase_realtime publication carries (migration 20261207100000).
 */
export function subscribeOutboxWakeups(url: string, serverKey: string, onWake: () => void, log: Logger): RealtimeWakeups {
	const supabase = createClient(url, serverKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: { transport: WebSocket as never }
	});
	supabase
		.channel('fpsos-outbox')
		.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'notifications', select: ['id'] }, () => onWake())
		.subscribe((status, error) => {
			if (status === REALTIME_SUBSCRIBE_STATES.SUBSCRIBED) {
				// Realtime replays nothing: an INSERT made while the channel was down is only found by looking now.
				log.info('Realtime wake-ups subscribed; waking the outbox for anything missed');
				onWake();
			} else if (status === REALTIME_SUBSCRIBE_STATES.CHANNEL_ERROR || status === REALTIME_SUBSCRIBE_STATES.TIMED_OUT)
				log.warn('Realtime wake-ups unavailable; the sweep still runs', { status, error });
		});
	return {
		close: async () => {
			await supabase.removeAllChannels();
			await supabase.realtime.disconnect();
		}
	};
}
