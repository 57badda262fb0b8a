import type { SqlDatabase } from '../database.ts';
import type { NormalizedDelivery } from './payload.ts';

/**
 * The database the handler needs: the one SqlDatabase interface (../database.ts), which the bot's `Db` (postgres.js or
 * PGlite, src/lib/data/db.ts) extends and the Edge Function opens (../postgres-db.ts). Deliveries are written by
 * ONE statement each time (public.calendly_apply_delivery, or public.calendly_apply_deliveries for several; migration
 * 20261207152000_calendly_plans_notifications.sql), which PostgreSQL runs as one transaction: when `query` resolves
 * everything is committed, and when it rejects nothing was kept.
 */
export type CalendlyDb = SqlDatabase;

export type WebhookOutcome = 'processed' | 'ignored' | 'unmatched' | 'failed' | 'received';

export interface StoredDelivery {
	webhookEventId: number;
	outcome: WebhookOutcome;
	bookingId: string | null;
	/** True when this delivery was already recorded (a retry or a concurrent copy): nothing was done again. */
	duplicate: boolean;
}

interface ApplyResult {
	webhook_event_id: number;
	outcome: WebhookOutcome;
	booking_id: string | null;
	duplicate: boolean;
}

const applyStatement = 'select public.calendly_apply_delivery($1::text::jsonb, $2::text) as result';
const applyBatchStatement = 'select public.calendly_apply_deliveries($1::text::jsonb, $2::text[]) as results';

/**
 * Write statements in flight per database. A delivery arriving while this many are running waits, and everything that
 * waited goes in the next statement together: under load, several deliveries share one transaction, one commit and
 * one round trip (on bench/webhook.ts PostgreSQL's CPU per delivery fell by about a third, the whole path's by a
 * quarter); alone, a delivery is written at once. Two keep PostgreSQL busy while the other batch commits; 1, 3 and 4
 * measured no better on 2 cores.
 */
export const MAX_WRITES_IN_FLIGHT = 2;
/** Bounds on one batch: deliveries, and raw body characters (Calendly's bodies are 2-3 kB). */
export const MAX_BATCH_DELIVERIES = 32;
const MAX_BATCH_CHARS = 1024 * 1024;

function toStored(result: ApplyResult): StoredDelivery {
	return {
		webhookEventId: result.webhook_event_id,
		outcome: result.outcome,
		bookingId: result.booking_id,
		duplicate: result.duplicate
	};
}

interface PendingWrite {
	delivery: NormalizedDelivery;
	rawBody: string;
	resolve(stored: StoredDelivery): void;
	reject(error: unknown): void;
}

interface Writer {
	inFlight: number;
	queue: PendingWrite[];
}

const writers = new WeakMap<CalendlyDb, Writer>();

async function applyOne(db: CalendlyDb, write: PendingWrite): Promise<void> {
	try {
		const rows = await db.query<{ result: ApplyResult }>(applyStatement, [JSON.stringify(write.delivery), write.rawBody]);
		const result = rows[0]?.result;
		if (result === undefined) throw new Error('calendly_apply_delivery returned no row');
		write.resolve(toStored(result));
	} catch (error) {
		write.reject(error);
	}
}

/** One statement for the batch; when it fails (all rolled back), each delivery on its own, so only a bad one fails. */
async function applyBatch(db: CalendlyDb, batch: PendingWrite[]): Promise<void> {
	let rows: { results: ApplyResult[] }[];
	try {
		rows = await db.query<{ results: ApplyResult[] }>(applyBatchStatement, [
			JSON.stringify(batch.map((write) => write.delivery)),
			batch.map((write) => write.rawBody)
		]);
	} catch {
		await Promise.all(batch.map((write) => applyOne(db, write)));
		return;
	}
	const results = rows[0]?.results ?? [];
	batch.forEach((write, i) => {
		const result = results[i];
		if (result) write.resolve(toStored(result));
		else write.reject(new Error(`calendly_apply_deliveries returned ${results.length} results for ${batch.length} deliveries`));
	});
}

function takeBatch(queue: PendingWrite[]): PendingWrite[] {
	let chars = queue[0]!.rawBody.length;
	let count = 1;
	while (count < queue.length && count < MAX_BATCH_DELIVERIES && chars + queue[count]!.rawBody.length <= MAX_BATCH_CHARS) {
		chars += queue[count]!.rawBody.length;
		count += 1;
	}
	return queue.splice(0, count);
}

function pump(db: CalendlyDb, writer: Writer): void {
	while (writer.inFlight < MAX_WRITES_IN_FLIGHT && writer.queue.length > 0) {
		const batch = takeBatch(writer.queue);
		writer.inFlight += 1;
		void (batch.length === 1 ? applyOne(db, batch[0]!) : applyBatch(db, batch)).finally(() => {
			writer.inFlight -= 1;
			pump(db, writer);
		});
	}
}

/**
 * Records a verified delivery and applies its effects (see public.calendly_apply_delivery). Resolves once they are
 * committed, possibly in one transaction with deliveries that arrived at the same time; rejects when nothing of this
 * delivery was kept.
 */
export function storeCalendlyDelivery(db: CalendlyDb, delivery: NormalizedDelivery, rawBody: string): Promise<StoredDelivery> {
	let writer = writers.get(db);
	if (!writer) {
		writer = { inFlight: 0, queue: [] };
		writers.set(db, writer);
	}
	const queued = writer;
	return new Promise<StoredDelivery>((resolve, reject) => {
		queued.queue.push({ delivery, rawBody, resolve, reject });
		pump(db, queued);
	});
}

/** The channel the bot LISTENs on; each notification's payload is a booking id whose outbox rows were just written. */
export const OUTBOX_CHANNEL = 'fpsos_outbox';

const wakeStatement = `select set_config('synchronous_commit', 'off', true) as sync, count(*)::int as sent
	from (select pg_notify('${OUTBOX_CHANNEL}', id) from unnest(string_to_array($1, ',')) as id) as notified`;

interface WakeBatch {
	ids: string[];
	done: Promise<void>;
	settle(error?: Error): void;
}

interface Waker {
	inFlight: boolean;
	next: WakeBatch | null;
}

const wakers = new WeakMap<CalendlyDb, Waker>();

function newBatch(): WakeBatch {
	let settle!: (error?: Error) => void;
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
			batch.settle(error instanceof Error ? error : new Error('wake-up failed', { cause: error }));
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

const mismatchStatement = 'select public.calendly_signature_mismatch($1::timestamptz) as result';

/**
 * Counts one delivery refused for a signature mismatch in its hour (public.calendly_signature_mismatch, migration
 * 20261207151000_plan_notification.sql), which alerts staff once per hour. Only the time is sent: nothing of
 * the request. Never throws: the refusal stands whether or not it could be counted.
 */
export async function recordSignatureMismatch(
	db: CalendlyDb,
	at: Date,
	log?: { warn(message: string, fields?: Record<string, unknown>): void }
): Promise<void> {
	try {
		await db.query(mismatchStatement, [at.toISOString()]);
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		log?.warn('calendly webhook: signature mismatch not counted', { code: typeof code === 'string' ? code : undefined });
	}
}
