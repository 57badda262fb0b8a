import { buildCalendlyDelivery } from './payload.ts';
import { verifyCalendlySignature } from './signature.ts';
import { recordSignatureMismatch, storeCalendlyDelivery, wakeOutbox, type CalendlyDb, type StoredDelivery, type WebhookOutcome } from './store.ts';

/**
 * The Calendly webhook, framework-free: verify the signature over the raw bytes, parse, then match and write in one
 * transaction, then wake the bot (NOTIFY fpsos_outbox). Shared by the Edge Function (Deno) and the bot's local
 * endpoint (Node). Answers 2xx only once the write is committed; 5xx when the database fails, so Calendly retries
 * (and nothing partial was kept). 401: missing, invalid or stale signature (a mismatch is counted in the database,
 * which alerts staff once an hour: the signing key changed without `fpsos calendly subscribe --rotate`); 400: signed
 * but not a JSON object.
 */
export interface CalendlyWebhookRequest {
	rawBody: Uint8Array;
	/** The Calendly-Webhook-Signature header, or null when absent. */
	signatureHeader: string | null;
}

/** Structurally a subset of the bot's Logger (src/lib/log.ts). Fields never carry e-mails, names or secrets. */
export interface CalendlyLogger {
	info(message: string, fields?: Record<string, unknown>): void;
	warn(message: string, fields?: Record<string, unknown>): void;
	error(message: string, fields?: Record<string, unknown>): void;
}

export interface CalendlyDeps {
	db: CalendlyDb;
	signingKey: string;
	now?: () => Date;
	log?: CalendlyLogger;
}

export type CalendlyResponseBody =
	| { ok: true; outcome: WebhookOutcome; duplicate: boolean; booking_id: string | null }
	| { ok: false; error: 'not_configured' | 'invalid_signature' | 'invalid_body' | 'unavailable' };

export interface CalendlyResult {
	status: number;
	body: CalendlyResponseBody;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export async function handleCalendlyDelivery(request: CalendlyWebhookRequest, deps: CalendlyDeps): Promise<CalendlyResult> {
	const now = deps.now?.() ?? new Date();
	if (!deps.signingKey) {
		deps.log?.error('calendly webhook: no signing key configured (CALENDLY_WEBHOOK_SIGNING_KEY)');
		return { status: 500, body: { ok: false, error: 'not_configured' } };
	}
	const verdict = await verifyCalendlySignature(request.rawBody, request.signatureHeader, deps.signingKey, now);
	if (!verdict.ok) {
		deps.log?.warn('calendly webhook: signature refused', { reason: verdict.reason });
		// A well-formed, fresh signature that does not match: the key Calendly signs with is not ours (staff alerted).
		if (verdict.reason === 'mismatch') await recordSignatureMismatch(deps.db, now, deps.log);
		return { status: 401, body: { ok: false, error: 'invalid_signature' } };
	}
	let text: string;
	let json: unknown;
	try {
		text = decoder.decode(request.rawBody);
		json = JSON.parse(text);
	} catch {
		deps.log?.warn('calendly webhook: signed body is not JSON', { bytes: request.rawBody.length });
		return { status: 400, body: { ok: false, error: 'invalid_body' } };
	}
	if (!json || typeof json !== 'object' || Array.isArray(json)) {
		deps.log?.warn('calendly webhook: signed body is not a JSON object', { bytes: request.rawBody.length });
		return { status: 400, body: { ok: false, error: 'invalid_body' } };
	}
	let stored: StoredDelivery;
	try {
		stored = await applyCalendlyEnvelope(json, request.rawBody, text, deps.db, now, deps.log);
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		deps.log?.error('calendly webhook: could not record the delivery', {
			event: typeof (json as { event?: unknown }).event === 'string' ? (json as { event: string }).event.slice(0, 100) : undefined,
			code: typeof code === 'string' ? code : undefined,
			error: error instanceof Error ? error.message : String(error)
		});
		return { status: 503, body: { ok: false, error: 'unavailable' } };
	}
	return { status: 200, body: { ok: true, outcome: stored.outcome, duplicate: stored.duplicate, booking_id: stored.bookingId } };
}

/**
 * What a verified delivery does, from its parsed JSON object on: normalised (buildCalendlyDelivery), written with its
 * effects by public.calendly_apply_delivery (deduplicated by its key; effects also once per invitee), then the bot
 * woken. The webhook and `fpsos calendly recover` (src/lib/integrations/calendly/recover.ts) both apply deliveries
 * through this. Rejects when the database kept nothing of it.
 */
export async function applyCalendlyEnvelope(
	json: object,
	rawBody: Uint8Array,
	text: string,
	db: CalendlyDb,
	now: Date,
	log?: CalendlyLogger
): Promise<StoredDelivery> {
	const delivery = await buildCalendlyDelivery(json, rawBody, now);
	const stored = await storeCalendlyDelivery(db, delivery, text);
	if (delivery.kind === 'invalid')
		log?.warn('calendly webhook: unreadable delivery kept for staff', { event: delivery.event_type, error: delivery.error });
	if (stored.bookingId && !stored.duplicate) {
		try {
			await wakeOutbox(db, stored.bookingId);
		} catch (error) {
			// Committed already: the bot's sweep picks the rows up without the wake-up.
			log?.warn('calendly webhook: wake-up not sent', {
				booking_id: stored.bookingId,
				error: error instanceof Error ? error.message : String(error)
			});
		}
	}
	return stored;
}
