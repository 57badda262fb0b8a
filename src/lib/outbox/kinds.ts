import { z } from 'zod';

/**
 * The registry of notification kinds: the one list of what the outbox can carry. Each kind names its payload (a zod
 * schema), who reads it (`member`: addressed to the member, in their language, and not sent once they left the
 * server; `staff`: the staff or alert channel, in the server's language; `public`: the testimonials channel) and
 * which sender of the bot delivers it (src/bot/outbox/deliver.ts keeps one sender per name, checked by the type).
 * The CHECK on `notifications.kind` lists exactly these kinds (tests/db/notification-kinds.test.ts), so a kind
 * outside the registry can be written neither from TypeScript (the type) nor from SQL (the CHECK).
 *
 * Payloads are loose objects: rows planned before a field existed still parse, and extra fields (a staff alert's
 * interpolation values) pass through.
 */
export type Recipient = 'member' | 'staff' | 'public';

/** The bot's senders, one per family of kinds. */
export type SenderName = 'booking' | 'staff_alert' | 'booking_claim' | 'departure' | 'testimonial' | 'ticket';

/** Where a kind sits around a session: reminders before it, follow-ups after it (withdrawn on a no-show). */
export type SessionPhase = 'before' | 'after';

interface KindSpec<Payload extends z.ZodType = z.ZodType> {
	payload: Payload;
	recipient: Recipient;
	sender: SenderName;
	session?: SessionPhase;
	/** A reminder: how long before the session it falls due (planned by calendly_apply_delivery, read by the skip rule). */
	leadMs?: number;
}

const HOUR_MS = 3_600_000;

/** The time a booking notification was planned for: the sender stands down when the booking moved since. */
const aboutBooking = z.looseObject({ starts_at: z.string().nullish() });
/** A booking that replaces another (rescheduled through Calendly) names the one it replaces and its old time. */
const rebooked = aboutBooking.extend({ previous_booking_id: z.string().nullish(), previous_starts_at: z.string().nullish() });
const aboutTestimonial = z.looseObject({ testimonial_id: z.string().nullish(), booking_id: z.string().nullish(), revision: z.number().nullish() });
const none = z.looseObject({});

export const NOTIFICATION_KINDS = {
	booking_confirmation: { payload: rebooked, recipient: 'member', sender: 'booking' },
	booking_moved: { payload: rebooked, recipient: 'member', sender: 'booking' },
	booking_canceled: {
		payload: aboutBooking.extend({ reason: z.string().nullish(), canceled_by: z.string().nullish(), canceler_type: z.string().nullish() }),
		recipient: 'member',
		sender: 'booking'
	},
	staff_booking_card: {
		payload: aboutBooking.extend({
			replaces_booking_id: z.string().nullish(),
			needs_staff_review: z.boolean().nullish(),
			match_method: z.string().nullish()
		}),
		recipient: 'staff',
		sender: 'booking'
	},
	reminder_24h: { payload: aboutBooking, recipient: 'member', sender: 'booking', session: 'before', leadMs: 24 * HOUR_MS },
	reminder_2h: { payload: aboutBooking, recipient: 'member', sender: 'booking', session: 'before', leadMs: 2 * HOUR_MS },
	no_show_rebook: { payload: none, recipient: 'member', sender: 'booking' },
	testimonial_request: { payload: none, recipient: 'member', sender: 'booking', session: 'after' },
	performance_check: { payload: none, recipient: 'member', sender: 'booking', session: 'after' },
	reoptimize_offer: { payload: none, recipient: 'member', sender: 'booking', session: 'after' },
	ticket_nudge: { payload: none, recipient: 'member', sender: 'ticket' },
	ticket_autoclose: { payload: z.looseObject({ finish: z.boolean().nullish() }), recipient: 'member', sender: 'ticket' },
	staff_alert: {
		payload: z.looseObject({ reason: z.string().nullish(), advice: z.string().nullish() }),
		recipient: 'staff',
		sender: 'staff_alert'
	},
	testimonial_review: { payload: aboutTestimonial, recipient: 'staff', sender: 'testimonial' },
	testimonial_published: {
		payload: aboutTestimonial.extend({ unpublish: z.boolean().nullish(), message_id: z.string().nullish() }),
		recipient: 'public',
		sender: 'testimonial'
	},
	referral_credit: {
		payload: z.looseObject({ referral_id: z.string().nullish(), amount_aed: z.union([z.number(), z.string()]).nullish() }),
		recipient: 'member',
		sender: 'testimonial'
	},
	low_rating_ticket: { payload: aboutTestimonial.extend({ rating: z.number().nullish() }), recipient: 'member', sender: 'testimonial' },
	booking_claim: { payload: aboutBooking.extend({ claim_id: z.string().nullish() }), recipient: 'member', sender: 'booking_claim' },
	member_left: { payload: z.looseObject({ left_at: z.string().nullish() }), recipient: 'staff', sender: 'departure' }
} as const satisfies Record<string, KindSpec>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** The payload a kind carries, as its schema reads it. */
export type PayloadOf<K extends NotificationKind> = z.infer<(typeof NOTIFICATION_KINDS)[K]['payload']>;

/** The kinds a given sender delivers. */
export type KindsOf<S extends SenderName> = {
	[K in NotificationKind]: (typeof NOTIFICATION_KINDS)[K]['sender'] extends S ? K : never;
}[NotificationKind];

export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export function isNotificationKind(kind: string): kind is NotificationKind {
	return Object.hasOwn(NOTIFICATION_KINDS, kind);
}

/** What the registry says of a kind read from a row (the CHECK keeps it registered; a stale row gives undefined). */
export function kindSpec(kind: string): KindSpec | undefined {
	return isNotificationKind(kind) ? NOTIFICATION_KINDS[kind] : undefined;
}

export function recipientOf(kind: NotificationKind): Recipient {
	return NOTIFICATION_KINDS[kind].recipient;
}

/** The kinds that sit before (reminders) or after (follow-ups) a session. */
export function kindsOfPhase(phase: SessionPhase): NotificationKind[] {
	return NOTIFICATION_KIND_NAMES.filter((kind) => (NOTIFICATION_KINDS[kind] as KindSpec).session === phase);
}

/** Reads a row's payload with its kind's schema (a payload that does not match throws: a writer broke the contract). */
export function parsePayload<K extends NotificationKind>(kind: K, payload: unknown): PayloadOf<K> {
	return NOTIFICATION_KINDS[kind].payload.parse(payload) as PayloadOf<K>;
}
