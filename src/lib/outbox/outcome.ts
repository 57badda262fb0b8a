import type { Queryable } from '../data/db.ts';
import type { Logger } from '../log.ts';
import { markFailedAndAlert } from './failure-alert.ts';
import { markRetry, markSent, markSkipped, type OutboxRow } from '../data/outbox.ts';

/** What delivering one notification came to. */
export type DeliveryResult =
	{ outcome: 'sent' } | { outcome: 'skipped'; reason: string } | { outcome: 'retry'; error: string } | { outcome: 'failed'; error: string };

/** Delivers one claimed row (src/bot/outbox/deliver.ts in the bot). */
export type Deliver = (row: OutboxRow) => Promise<DeliveryResult>;

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_LEASE_SECONDS = 60;

/**
 * How long one delivery may take before it counts as a transient failure: well inside the lease, so the outcome is
 * recorded (and the row's claim extended to the retry) before another worker could claim the row again. A send still
 * in flight then is harmless: every notification carries a nonce with enforce_nonce, so a retry shows once.
 */
export function deliveryTimeoutMs(leaseSeconds: number): number {
	return Math.max(1, leaseSeconds * 1000 - Math.min(15_000, leaseSeconds * 250));
}

/** Exponential back-off for transient failures: 30 s, 1 min, 2 min ... capped at 30 min. */
export function retryDelayMs(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

export interface OutcomeOptions {
	/** The worker holding the claim on the row (only it can record the outcome). */
	workerId: string;
	maxAttempts?: number;
	/** The lease the claim was taken with (default 60 s): the delivery is given up on before it ends. */
	leaseSeconds?: number;
	log: Logger;
}

/** What was recorded for a claimed row: a retry keeps it pending, claimed until `retryAt`. */
export type RecordedOutcome = { outcome: 'sent' | 'skipped' | 'failed' } | { outcome: 'retry'; retryAt: Date };

/**
 * Delivers one row this worker has claimed and records the outcome on it: sent, skipped, failed (with a staff alert,
 * once per kind per window: failure-alert.ts), or a retry later (the lease doubles as the back-off) until `maxAttempts`.
 * A delivery that throws counts as a transient failure. Every delivery of the runner (a due row or a job's row)
 * ends here, so both record outcomes the same way.
 */
export async function deliverClaimed(db: Queryable, deliver: Deliver, row: OutboxRow, options: OutcomeOptions): Promise<RecordedOutcome> {
	const { workerId, log } = options;
	let result: DeliveryResult;
	const timeoutMs = deliveryTimeoutMs(options.leaseSeconds ?? DEFAULT_LEASE_SECONDS);
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<DeliveryResult>((resolve) => {
		timer = setTimeout(() => resolve({ outcome: 'retry', error: `delivery timed out after ${timeoutMs} ms` }), timeoutMs);
	});
	const delivery = deliver(row);
	delivery.catch(() => undefined);
	try {
		result = await Promise.race([delivery, timedOut]);
	} catch (error) {
		result = { outcome: 'retry', error: error instanceof Error ? error.message : String(error) };
	} finally {
		clearTimeout(timer);
	}
	const context = { notification: row.id, kind: row.kind, attempts: row.attempts };
	switch (result.outcome) {
		case 'sent':
			await markSent(db, row.id, workerId);
			log.info('Notification sent', context);
			return { outcome: 'sent' };
		case 'skipped':
			await markSkipped(db, row.id, workerId, result.reason);
			log.info('Notification skipped', { ...context, reason: result.reason });
			return { outcome: 'skipped' };
		case 'failed': {
			const { alertKey } = await markFailedAndAlert(db, { id: row.id, worker: workerId }, result.error);
			log.warn('Notification failed', { ...context, error: result.error, staffAlert: alertKey });
			return { outcome: 'failed' };
		}
		case 'retry': {
			if (row.attempts >= (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
				const { alertKey } = await markFailedAndAlert(db, { id: row.id, worker: workerId }, result.error);
				log.warn('Notification failed after retries', { ...context, error: result.error, staffAlert: alertKey });
				return { outcome: 'failed' };
			}
			const retryAt = new Date(Date.now() + retryDelayMs(row.attempts));
			await markRetry(db, row.id, workerId, result.error, retryAt);
			log.warn('Notification will be retried', { ...context, error: result.error });
			return { outcome: 'retry', retryAt };
		}
	}
}
