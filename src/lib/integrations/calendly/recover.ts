import { applyCalendlyEnvelope, type CalendlyLogger } from './core.ts';
import { deliveryFacts, knownInvitees, recordRecovery, type KnownInvitee } from '../../data/calendly-recovery.ts';
import type { Queryable } from '../../data/db.ts';
import type { CalendlyClient, Invitee, ScheduledEvent } from '../calendly-api.ts';

/**
 * Recovers what Calendly never delivered. Calendly gives up on a delivery after 24 hours and never resends it, so after
 * an outage (a disabled subscription, deliveries refused for their signature, unreadable ones) this lists the scheduled
 * events through the API, finds the invitees booked, canceled or marked as no-show in the window, and applies each one
 * the bot does not know through the webhook's own code (applyCalendlyEnvelope: the same normalisation and the same
 * public.calendly_apply_delivery), in the order they happened. A booking is written once per invitee, so a real
 * delivery arriving later, or a second recovery, changes nothing.
 */
export interface RecoveryWindow {
	since: Date;
	until: Date;
	/** Why the window starts where it does, in plain words. */
	basis: string;
}

export type WindowChoice = ({ ok: true } & RecoveryWindow) | { ok: false; reason: string };

/** A default window never reaches further back than this. */
export const MAX_DEFAULT_DAYS = 30;
/** Started this much before what the database knows, for clocks that differ. */
const MARGIN_MS = 5 * 60_000;
/** No-shows are marked after the session: sessions that started up to a day before the window are looked at too. */
const NO_SHOW_LOOKBACK_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

export const utc = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The window to recover: the given one, else from where the database last knew of Calendly (the last delivery
 * received, or the first failure since the last recovery, whichever is earlier, but not before the last recovery's
 * end) until now, at most MAX_DEFAULT_DAYS.
 */
export async function recoveryWindow(
	db: Queryable,
	now: Date,
	given: { since?: Date | undefined; until?: Date | undefined } = {}
): Promise<WindowChoice> {
	const until = given.until && given.until < now ? given.until : now;
	if (given.since) {
		if (given.since >= until) return { ok: false, reason: `--since (${utc(given.since)}) must be before --until (${utc(until)}).` };
		return { ok: true, since: given.since, until, basis: 'the window asked for' };
	}
	const facts = await deliveryFacts(db);
	const known = [
		facts.lastDelivery && { at: facts.lastDelivery, basis: `the last delivery received (${utc(facts.lastDelivery)})` },
		facts.firstFailure && {
			at: facts.firstFailure,
			basis: `the first refused or unreadable delivery since the last recovery (${utc(facts.firstFailure)})`
		}
	].filter((entry): entry is { at: Date; basis: string } => Boolean(entry));
	let start = known.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
	if (facts.lastRecoveredUntil && (!start || facts.lastRecoveredUntil > start.at)) {
		start = { at: facts.lastRecoveredUntil, basis: `the end of the last recovery (${utc(facts.lastRecoveredUntil)})` };
	}
	if (!start) {
		return {
			ok: false,
			reason: 'The database holds no delivery from Calendly yet, so it knows of no outage to recover from. Pass --since <time> (ISO 8601) to choose the window.'
		};
	}
	let since = new Date(start.at.getTime() - MARGIN_MS);
	let basis = start.basis;
	if (until.getTime() - since.getTime() > MAX_DEFAULT_DAYS * DAY_MS) {
		since = new Date(until.getTime() - MAX_DEFAULT_DAYS * DAY_MS);
		basis = `${MAX_DEFAULT_DAYS} days back (${basis} is older; pass --since to go further)`;
	}
	if (since >= until) return { ok: false, reason: 'Nothing to recover: the last recovery ended just now.' };
	return { ok: true, since, until, basis };
}

type DeliveryEvent = 'invitee.created' | 'invitee.canceled' | 'invitee_no_show.created';

interface Candidate {
	invitee: Invitee;
	event: ScheduledEvent;
	createdAt: Date;
	canceledAt: Date | null;
	noShowAt: Date | null;
	/** Its first change inside the window: the order they are applied in. */
	firstChange: Date;
}

export interface RecoveryReport {
	since: Date;
	until: Date;
	basis: string;
	/** Invitees booked, canceled or marked as no-show in the window. */
	found: number;
	/** Of those, the ones something was applied for. */
	applied: number;
	/** Of those, the ones the bot already held as Calendly has them. */
	known: number;
	failed: number;
	bookings: number;
	cancellations: number;
	noShows: number;
	/** Why each invitee that could not be applied failed (no invitee URI or other personal data: it may go to staff). */
	failures: string[];
}

export type RecoveryResult = { ok: true; report: RecoveryReport } | { ok: false; reason: string };

const time = (value: unknown): Date | null => {
	if (typeof value !== 'string') return null;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? null : new Date(parsed);
};

function candidateOf(invitee: Invitee, event: ScheduledEvent, window: RecoveryWindow): Candidate | null {
	const inside = (at: Date | null): at is Date => at !== null && at >= window.since && at <= window.until;
	const createdAt = time(invitee.created_at);
	if (!createdAt) return null;
	const canceledAt = invitee.status === 'canceled' ? (time(invitee.cancellation?.created_at) ?? time(invitee.updated_at) ?? createdAt) : null;
	const noShowAt = invitee.no_show ? (time(invitee.no_show.created_at) ?? time(invitee.updated_at)) : null;
	const changes = [createdAt, canceledAt, noShowAt].filter(inside).sort((a, b) => a.getTime() - b.getTime());
	if (changes.length === 0) return null;
	return { invitee, event, createdAt, canceledAt, noShowAt, firstChange: changes[0]! };
}

/** What to apply so the bot holds the invitee as Calendly has it now; empty when it already does. */
function missing(candidate: Candidate, booking: KnownInvitee | undefined): { event: DeliveryEvent; at: Date }[] {
	if (!booking) {
		// Never seen: written straight in its final state (a canceled one with no messages, as the webhook does when a
		// cancellation comes first), then a no-show on top.
		if (candidate.canceledAt) return [{ event: 'invitee.canceled', at: candidate.canceledAt }];
		const created = [{ event: 'invitee.created' as const, at: candidate.createdAt }];
		return candidate.noShowAt ? [...created, { event: 'invitee_no_show.created', at: candidate.noShowAt }] : created;
	}
	if (candidate.canceledAt && booking.status === 'scheduled') return [{ event: 'invitee.canceled', at: candidate.canceledAt }];
	if (candidate.noShowAt && !candidate.canceledAt && booking.status !== 'no_show' && booking.noShowAt === null)
		return [{ event: 'invitee_no_show.created', at: candidate.noShowAt }];
	return [];
}

/** Every scheduled event from `minStartTime` on: the organization's when the token may list them, else its user's. */
async function listEvents(client: CalendlyClient, minStartTime: Date) {
	const me = await client.getCurrentUser();
	if (!me.ok) return me;
	const organization = await client.listScheduledEvents({ organization: me.value.organization, minStartTime });
	if (organization.ok || organization.kind !== 'forbidden') return organization;
	return client.listScheduledEvents({ user: me.value.uri, minStartTime });
}

export interface RecoverOptions {
	now: Date;
	trigger: 'command' | 'daily_check';
	log?: CalendlyLogger;
}

export async function recoverMissedDeliveries(
	client: CalendlyClient,
	db: Queryable,
	window: RecoveryWindow,
	options: RecoverOptions
): Promise<RecoveryResult> {
	const events = await listEvents(client, new Date(window.since.getTime() - NO_SHOW_LOOKBACK_MS));
	if (!events.ok) return { ok: false, reason: events.reason };
	const candidates: Candidate[] = [];
	for (const event of events.value) {
		const invitees = await client.listInvitees(event.uri);
		if (!invitees.ok) return { ok: false, reason: invitees.reason };
		for (const invitee of invitees.value) {
			const candidate = candidateOf(invitee, event, window);
			if (candidate) candidates.push(candidate);
		}
	}
	candidates.sort((a, b) => a.firstChange.getTime() - b.firstChange.getTime());
	const bookings = await knownInvitees(
		db,
		candidates.map((candidate) => candidate.invitee.uri)
	);
	const report: RecoveryReport = {
		since: window.since,
		until: window.until,
		basis: window.basis,
		found: candidates.length,
		applied: 0,
		known: 0,
		failed: 0,
		bookings: 0,
		cancellations: 0,
		noShows: 0,
		failures: []
	};
	const encoder = new TextEncoder();
	for (const candidate of candidates) {
		const steps = missing(candidate, bookings.get(candidate.invitee.uri));
		if (steps.length === 0) {
			report.known += 1;
			continue;
		}
		try {
			for (const step of steps) {
				// The body a webhook would carry: the invitee with its scheduled event embedded.
				const envelope = {
					event: step.event,
					created_at: step.at.toISOString(),
					payload: { ...candidate.invitee, scheduled_event: candidate.event }
				};
				const text = `${JSON.stringify(envelope, null, 2)}\n`;
				await applyCalendlyEnvelope(envelope, encoder.encode(text), text, db, options.now, options.log);
				if (step.event === 'invitee.created') report.bookings += 1;
				else if (step.event === 'invitee.canceled') report.cancellations += 1;
				else report.noShows += 1;
			}
			report.applied += 1;
		} catch (error) {
			report.failed += 1;
			const code = (error as { code?: unknown }).code;
			report.failures.push(`the database refused one${typeof code === 'string' ? ` (${code})` : ''}`);
		}
	}
	await recordRecovery(db, {
		since: window.since,
		until: window.until,
		trigger: options.trigger,
		found: report.found,
		applied: report.applied,
		known: report.known,
		failed: report.failed
	});
	return { ok: true, report };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The report in plain words. */
export function describeRecovery(report: RecoveryReport): string {
	const window = `from ${utc(report.since)} to ${utc(report.until)} (starting at ${report.basis})`;
	if (report.found === 0) return `Nothing to recover ${window}: Calendly lists no booking, cancellation or no-show in that window.`;
	const what = [plural(report.bookings, 'booking'), plural(report.cancellations, 'cancellation'), plural(report.noShows, 'no-show')].join(', ');
	const sentences = [
		`Calendly ${window}: ${plural(report.found, 'invitee')} booked, canceled or marked as no-show in that window.`,
		`${report.applied} applied that the bot had never received (${what}), ${report.known} already known.`
	];
	if (report.failed > 0)
		sentences.push(`${report.failed} could not be applied: ${report.failures.join('; ')}. Run this again once the database is reachable.`);
	return sentences.join(' ');
}
