import type { Queryable } from './db.ts';

/**
 * What the database knows about Calendly's deliveries, for `fpsos calendly recover` and the daily check (migration
 * 20261207133400_calendly_recoveries.sql): when the last delivery arrived, the first failure since the last recovery,
 * and which invitees already have their booking.
 */
export interface DeliveryFacts {
	/** The latest delivery received (null: none ever). */
	lastDelivery: Date | null;
	/** Where the last recovery's window ended (null: none yet). */
	lastRecoveredUntil: Date | null;
	/** The first delivery refused for its signature, or recorded as unreadable, after the last recovery. */
	firstFailure: Date | null;
}

export async function deliveryFacts(db: Queryable): Promise<DeliveryFacts> {
	const [row] = await db.query<{ last_delivery: Date | null; last_recovered_until: Date | null; first_failure: Date | null }>(
		`with recovered as (select max(r.until) as until from public.calendly_recoveries r)
		 select
			(select max(w.received_at) from public.webhook_events w) as last_delivery,
			(select until from recovered) as last_recovered_until,
			least(
				(select min(f.first_at) from public.calendly_signature_failures f
				 where f.last_at > coalesce((select until from recovered), '-infinity')),
				(select min(w.received_at) from public.webhook_events w
				 where w.outcome = 'failed' and w.received_at > coalesce((select until from recovered), '-infinity'))
			) as first_failure`
	);
	return {
		lastDelivery: row?.last_delivery ?? null,
		lastRecoveredUntil: row?.last_recovered_until ?? null,
		firstFailure: row?.first_failure ?? null
	};
}

/** The booking the bot holds for each of these invitees (absent: it never received anything about them). */
export interface KnownInvitee {
	status: string;
	noShowAt: Date | null;
}

export async function knownInvitees(db: Queryable, inviteeUris: readonly string[]): Promise<Map<string, KnownInvitee>> {
	if (inviteeUris.length === 0) return new Map();
	const rows = await db.query<{ uri: string; status: string; no_show_at: Date | null }>(
		`select b.calendly_invitee_uri as uri, b.status, b.no_show_at from public.bookings b where b.calendly_invitee_uri = any($1::text[])`,
		[inviteeUris]
	);
	return new Map(rows.map((row) => [row.uri, { status: row.status, noShowAt: row.no_show_at }]));
}

export interface RecoveryRecord {
	since: Date;
	until: Date;
	trigger: 'command' | 'daily_check';
	found: number;
	applied: number;
	known: number;
	failed: number;
}

export async function recordRecovery(db: Queryable, record: RecoveryRecord): Promise<void> {
	await db.query(
		`insert into public.calendly_recoveries (since, until, trigger, found, applied, known, failed) values ($1, $2, $3, $4, $5, $6, $7)`,
		[record.since, record.until, record.trigger, record.found, record.applied, record.known, record.failed]
	);
}

/** Deliveries refused for a signature mismatch after `since` (migration 20261207131700_calendly_signature_failures.sql). */
export interface SignatureFailures {
	count: number;
	first: Date;
	last: Date;
}

export async function signatureFailuresAfter(db: Queryable, since: Date): Promise<SignatureFailures | null> {
	const [row] = await db.query<{ count: number | null; first: Date | null; last: Date | null }>(
		`select sum(f.failures)::int as count, min(f.first_at) as first, max(f.last_at) as last
		 from public.calendly_signature_failures f where f.last_at > $1`,
		[since]
	);
	return row?.count && row.first && row.last ? { count: row.count, first: row.first, last: row.last } : null;
}
