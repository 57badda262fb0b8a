import type { NormalizedDelivery } from './payload.ts';

/**
 * The database the handler needs: one parameterised statement at a time. The bot's `Db` (postgres.js or PGlite,
 * src/lib/data/db.ts) fits as it is; the Edge Function wraps postgres.js (../postgres-db.ts). A delivery is written by
 * ONE statement (public.calendly_apply_delivery, migration 20261124001000_calendly_webhook.sql), which PostgreSQL
 * runs as one transaction: when `query` resolves everything is committed, and when it rejects nothing was kept.
 */
export type SqlRow = Record<string, unknown>;

export interface CalendlyDb {
	query<T extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export type WebhookOutcome = 'processed' | 'ignored' | 'unmatched' | 'failed' | 'received';

export interface StoredDelivery {
	webhookEventId: number;
	outcome: WebhookOutcome;
	bookingId: string | null;
	/** True when this delivery was already recorded (a retry or a concurrent copy): nothing was done again. */
	duplicate: boolean;
}

interface ApplyResult {
	webhook_event_id: number | string;
	outcome: WebhookOutcome;
	booking_id: string | null;
	duplicate: boolean;
}

const applyStatement = 'select public.calendly_apply_delivery($1::text::jsonb, $2::text) as result';

export async function storeCalendlyDelivery(db: CalendlyDb, delivery: NormalizedDelivery, rawBody: string): Promise<StoredDelivery> {
	const rows = await db.query<{ result: ApplyResult | string }>(applyStatement, [JSON.stringify(delivery), rawBody]);
	const raw = rows[0]?.result;
	if (raw === undefined) throw new Error('calendly_apply_delivery returned no row');
	const result = typeof raw === 'string' ? (JSON.parse(raw) as ApplyResult) : raw;
	return {
		webhookEventId: Number(result.webhook_event_id),
		outcome: result.outcome,
		bookingId: result.booking_id,
		duplicate: result.duplicate
	};
}

/** The channel the bot LISTENs on; each notification's payload is a booking id whose outbox rows were just written. */
export const OUTBOX_CHANNEL = 'fpsos_outbox';

const wakeStatement = `select set_config('synchronous_commit', 'off', true) as sync, count(*)::int as sent
	from (select pg_notify('${OUTBOX_CHANNEL}', id) from unnest(string_to_array($1, ',')) as id) as notified`;

interface WakeBatch {
	ids: string[];
	done: Promise<void>;
	settle(error?: unknown): void;
}

interface Waker {
	inFlight: boolean;
	next: WakeBatch | null;
}

const wakers = new WeakMap<CalendlyDb, Waker>();

function newBatch(): WakeBatch {
	let settle!: (error?: unknown) => void;
	const done = new Promise<void>((resolve, reject) => {
		settle = (error) => (error === undefined ? resolve() : reject(error));
	});
	return { ids: [], done, settle };
}

async function flush(db: CalendlyDb, waker: Waker): Promise<void> {
	waker.inFlight = true;
	while (waker.next) {
		const batch = waker.next;
		waker.next = null;
		try {
			await db.query(wakeStatement, [batch.ids.join(',')]);
			batch.settle();
		} catch (error) {
			batch.settle(error ?? new Error('wake-up failed'));
		}
	}
	waker.inFlight = false;
}

/**
 * Wakes the bot after a committed delivery: NOTIFY fpsos_outbox with the booking id, in a transaction of its own with
 * an asynchronous commit. Not inside the delivery's transaction: PostgreSQL serialises NOTIFYing commits cluster-wide
 * through their WAL flush, which would cap throughput at one delivery per fsync. Wake-ups of concurrent deliveries
 * on one database share a transaction (one in flight, the next collecting). Resolves once the NOTIFY is committed.
 * The rows are durable before it goes out; a lost wake-up is caught by the bot's periodic sweep.
 */
export function wakeOutbox(db: CalendlyDb, bookingId: string): Promise<void> {
	let waker = wakers.get(db);
	if (!waker) {
		waker = { inFlight: false, next: null };
		wakers.set(db, waker);
	}
	waker.next ??= newBatch();
	const { done } = waker.next;
	waker.next.ids.push(bookingId);
	if (!waker.inFlight) void flush(db, waker);
	return done;
}
