import { z } from 'zod';
import { hashBookingToken, isBookingToken } from '../booking-token.ts';
import { sha256Hex } from '../bytes.ts';
import { discordFromAnswers, referralFromAnswers } from './answers.ts';
import type { DeliveryKind, NormalizedDelivery } from './delivery-record.ts';

/**
 * Turns a verified Calendly delivery into the delivery record (delivery-record.ts) public.calendly_apply_delivery
 * (defined, with its contract, in the migration 20261207152000_calendly_plans_notifications.sql)
 * writes from. Only the fields we use are read; every optional key may be missing or null (deliveries from 2020 have no
 * created_by, scheduled_event or cancellation). Never throws: a payload we cannot read becomes kind `invalid`, kept for
 * staff, so Calendly does not retry it for a day and then disable the subscription.
 */
export const HANDLED_EVENTS = {
	'invitee.created': 'created',
	'invitee.canceled': 'canceled',
	'invitee_no_show.created': 'no_show_created',
	'invitee_no_show.deleted': 'no_show_deleted'
} as const;

export type { DeliveryKind, NormalizedDelivery } from './delivery-record.ts';

const text = z.string().nullish();
const uri = z.string().max(500).nullish();
const instant = z
	.string()
	.refine((value) => !Number.isNaN(Date.parse(value)), { message: 'not a date' })
	.nullish();

const cancellationSchema = z.object({ canceled_by: text, canceler_type: text, reason: text, created_at: instant }).nullish();

const inviteeSchema = z.object({
	uri: z.string().min(1).max(500),
	email: text,
	name: text,
	first_name: text,
	last_name: text,
	timezone: text,
	event: uri,
	scheduled_event: z
		.object({
			uri,
			name: text,
			start_time: instant,
			end_time: instant,
			event_type: uri,
			cancellation: cancellationSchema
		})
		.nullish(),
	questions_and_answers: z.array(z.object({ question: text, answer: text })).nullish(),
	tracking: z.object({ utm_content: text }).nullish(),
	rescheduled: z.boolean().nullish(),
	old_invitee: uri,
	new_invitee: uri,
	cancel_url: text,
	reschedule_url: text,
	cancellation: cancellationSchema,
	no_show: z.object({ created_at: instant }).nullish(),
	updated_at: instant
});

const envelopeSchema = z.object({
	event: z.string().min(1).max(100),
	created_at: instant,
	payload: z.unknown()
});

type Invitee = z.infer<typeof inviteeSchema>;

/** Strips what PostgreSQL text and jsonb refuse (NUL, lone surrogates), trims, and bounds the length. */
export function cleanText(value: string | null | undefined, max = 1000): string | null {
	if (value === null || value === undefined) return null;
	const cleaned = value
		.replaceAll('\u0000', '')
		.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
		.trim();
	return cleaned ? cleaned.slice(0, max) : null;
}

function iso(value: string | null | undefined): string | null {
	return value ? new Date(value).toISOString() : null;
}

function describeIssues(error: z.ZodError): string {
	return error.issues
		.slice(0, 5)
		.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
		.join('; ');
}

async function dedupeKey(event: string, inviteeUri: string | null, createdAt: string | null | undefined, rawBody: Uint8Array): Promise<string> {
	const key = inviteeUri && createdAt ? `${event}|${inviteeUri}|${createdAt}` : `${event}|sha256:${await sha256Hex(rawBody)}`;
	return key.length <= 1000 ? key : `${event}|sha256:${await sha256Hex(key)}`;
}

function emptyDelivery(kind: DeliveryKind, eventType: string, dedupe: string, now: Date): NormalizedDelivery {
	return {
		kind,
		event_type: eventType,
		dedupe_key: dedupe,
		now: now.toISOString(),
		event_at: null,
		invitee_uri: null,
		event_uri: null,
		event_type_uri: null,
		event_name: null,
		starts_at: null,
		ends_at: null,
		timezone: null,
		invitee_name: null,
		invitee_email: null,
		cancel_url: null,
		reschedule_url: null,
		rescheduled: false,
		old_invitee_uri: null,
		new_invitee_uri: null,
		cancel_reason: null,
		canceled_by: null,
		canceler_type: null,
		canceled_at: null,
		no_show_at: null,
		token_hash: null,
		discord_user_id: null,
		discord_username: null,
		referral_code: null,
		error: null
	};
}

/** The invitee URI a delivery is about: no-show payloads may carry it as `invitee` next to their own `uri`. */
function inviteeUriOf(kind: DeliveryKind, payload: unknown): unknown {
	if (!payload || typeof payload !== 'object') return payload;
	const record = payload as Record<string, unknown>;
	if ((kind === 'no_show_created' || kind === 'no_show_deleted') && typeof record.invitee === 'string') {
		return { ...record, uri: record.invitee };
	}
	return payload;
}

async function fromInvitee(base: NormalizedDelivery, invitee: Invitee, envelopeCreatedAt: string | null): Promise<NormalizedDelivery> {
	const event = invitee.scheduled_event;
	const cancellation = invitee.cancellation ?? event?.cancellation;
	const answers = invitee.questions_and_answers ?? [];
	const discord = discordFromAnswers(answers);
	const content = cleanText(invitee.tracking?.utm_content, 200);
	const startsAt = iso(event?.start_time);
	const endsAt = iso(event?.end_time);
	const hasTimes = startsAt !== null && endsAt !== null;
	const delivery: NormalizedDelivery = {
		...base,
		invitee_uri: cleanText(invitee.uri, 500),
		event_uri: cleanText(event?.uri ?? invitee.event, 500),
		event_type_uri: cleanText(event?.event_type, 500),
		event_name: cleanText(event?.name, 200),
		starts_at: hasTimes ? startsAt : null,
		ends_at: hasTimes ? endsAt : null,
		timezone: cleanText(invitee.timezone, 64),
		invitee_name: cleanText(invitee.name ?? [invitee.first_name, invitee.last_name].filter(Boolean).join(' '), 200),
		invitee_email: cleanText(invitee.email, 320),
		cancel_url: cleanText(invitee.cancel_url, 500),
		reschedule_url: cleanText(invitee.reschedule_url, 500),
		rescheduled: invitee.rescheduled === true,
		old_invitee_uri: cleanText(invitee.old_invitee, 500),
		new_invitee_uri: cleanText(invitee.new_invitee, 500),
		token_hash: content && isBookingToken(content) ? await hashBookingToken(content) : null,
		discord_user_id: discord && 'discordUserId' in discord ? discord.discordUserId : null,
		discord_username: discord && 'username' in discord ? discord.username : null,
		referral_code: referralFromAnswers(answers)
	};
	if (base.kind === 'canceled') {
		delivery.cancel_reason = cleanText(cancellation?.reason, 500);
		delivery.canceled_by = cleanText(cancellation?.canceled_by, 200);
		delivery.canceler_type = cleanText(cancellation?.canceler_type, 40);
		delivery.canceled_at = iso(cancellation?.created_at ?? invitee.updated_at ?? envelopeCreatedAt);
	}
	if (base.kind === 'no_show_created') delivery.no_show_at = iso(invitee.no_show?.created_at ?? envelopeCreatedAt);
	if (hasTimes && Date.parse(endsAt) < Date.parse(startsAt)) {
		return { ...delivery, kind: 'invalid', error: 'scheduled_event ends before it starts' };
	}
	return delivery;
}

/** Builds the record for a parsed JSON body (`json`) whose raw bytes were `rawBody`. */
export async function buildCalendlyDelivery(json: unknown, rawBody: Uint8Array, now: Date): Promise<NormalizedDelivery> {
	const envelope = envelopeSchema.safeParse(json);
	if (!envelope.success) {
		const eventType =
			json && typeof json === 'object' && typeof (json as { event?: unknown }).event === 'string'
				? (json as { event: string }).event
				: 'unknown';
		const delivery = emptyDelivery('invalid', cleanText(eventType, 100) ?? 'unknown', await dedupeKey('invalid', null, null, rawBody), now);
		return { ...delivery, error: `envelope: ${describeIssues(envelope.error)}` };
	}
	const { event, created_at: createdAt, payload } = envelope.data;
	const eventType = cleanText(event, 100) ?? 'unknown';
	const kind: DeliveryKind = Object.hasOwn(HANDLED_EVENTS, event) ? HANDLED_EVENTS[event as keyof typeof HANDLED_EVENTS] : 'ignored';
	if (kind === 'ignored') {
		const payloadUri = payload && typeof payload === 'object' ? (payload as { uri?: unknown }).uri : undefined;
		const subject = typeof payloadUri === 'string' ? cleanText(payloadUri, 500) : null;
		return { ...emptyDelivery(kind, eventType, await dedupeKey(eventType, subject, createdAt, rawBody), now), event_at: iso(createdAt) };
	}
	const invitee = inviteeSchema.safeParse(inviteeUriOf(kind, payload));
	if (!invitee.success) {
		const delivery = emptyDelivery('invalid', eventType, await dedupeKey(eventType, null, null, rawBody), now);
		return { ...delivery, error: `payload: ${describeIssues(invitee.error)}` };
	}
	const inviteeUri = cleanText(invitee.data.uri, 500);
	if (!inviteeUri) {
		const delivery = emptyDelivery('invalid', eventType, await dedupeKey(eventType, null, null, rawBody), now);
		return { ...delivery, error: 'payload.uri: empty' };
	}
	const base = { ...emptyDelivery(kind, eventType, await dedupeKey(eventType, inviteeUri, createdAt, rawBody), now), event_at: iso(createdAt) };
	return fromInvitee(base, invitee.data, createdAt ?? null);
}
