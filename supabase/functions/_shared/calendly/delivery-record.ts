import { z } from 'zod';

/**
 * The delivery record: the flat object buildCalendlyDelivery (payload.ts) makes of a verified Calendly delivery and
 * public.calendly_apply_delivery writes from (live in the newest migration that defines it; it hands the same record to
 * public.calendly_insert_booking). This schema is its one description: the TypeScript type is inferred from it, and
 * tests/db/calendly-delivery-record.test.ts checks that the SQL functions read exactly these keys. Times are ISO 8601
 * strings; every key is always present, null when unknown.
 */
export const DELIVERY_KINDS = ['created', 'canceled', 'no_show_created', 'no_show_deleted', 'ignored', 'invalid'] as const;

const text = z.string().nullable();
const instant = z.iso.datetime({ offset: true }).nullable();

export const deliveryRecordSchema = z.strictObject({
	kind: z.enum(DELIVERY_KINDS),
	/** Calendly's event name, e.g. `invitee.created`. */
	event_type: z.string(),
	dedupe_key: z.string(),
	/** When the delivery was received (the handler's clock). */
	now: z.iso.datetime({ offset: true }),
	/** The envelope's created_at. */
	event_at: instant,
	invitee_uri: text,
	event_uri: text,
	event_type_uri: text,
	event_name: text,
	starts_at: instant,
	ends_at: instant,
	timezone: text,
	invitee_name: text,
	invitee_email: text,
	cancel_url: text,
	reschedule_url: text,
	rescheduled: z.boolean(),
	old_invitee_uri: text,
	new_invitee_uri: text,
	cancel_reason: text,
	canceled_by: text,
	canceler_type: text,
	canceled_at: instant,
	no_show_at: instant,
	/** SHA-256 of the personal booking-link token that came back in utm_content. */
	token_hash: text,
	discord_user_id: text,
	discord_username: text,
	referral_code: text,
	/** Why a delivery of kind `invalid` could not be read. */
	error: text
});

export type NormalizedDelivery = z.infer<typeof deliveryRecordSchema>;
export type DeliveryKind = NormalizedDelivery['kind'];

/** The record's keys, in order. */
export const DELIVERY_RECORD_KEYS = Object.keys(deliveryRecordSchema.shape) as (keyof NormalizedDelivery)[];
