import { z } from 'zod';

/** The shapes of the Calendly API v2 answers the bot reads; unknown keys are dropped, documented ones checked. */

export const WEBHOOK_EVENTS = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type SubscriptionScope = 'user' | 'organization' | 'group';

export const currentUserSchema = z.object({
	resource: z.object({ uri: z.string(), current_organization: z.string() })
});

export const webhookSubscriptionSchema = z.object({
	uri: z.string(),
	callback_url: z.string(),
	created_at: z.string(),
	updated_at: z.string(),
	retry_started_at: z
		.string()
		.nullish()
		.transform((value) => value ?? null),
	/** `active` or `disabled` in the documentation; kept as a string so a new state never breaks the health check. */
	state: z.string(),
	events: z.array(z.string()),
	scope: z.string(),
	organization: z.string(),
	user: z
		.string()
		.nullish()
		.transform((value) => value ?? null),
	group: z
		.string()
		.nullish()
		.transform((value) => value ?? null),
	creator: z
		.string()
		.nullish()
		.transform((value) => value ?? null)
});

export const subscriptionPageSchema = z.object({
	collection: z.array(webhookSubscriptionSchema),
	pagination: z.object({ next_page: z.string().nullish() }).optional()
});

export const createdSubscriptionSchema = z.object({ resource: webhookSubscriptionSchema });

/** Calendly's error body: `{ title, message, details: [{ parameter, message }] }`; every part may be absent. */
export const errorBodySchema = z.object({
	title: z.string().optional(),
	message: z.string().optional(),
	details: z.array(z.object({ parameter: z.string().optional(), message: z.string().optional() })).optional()
});

/** A scheduled event (`GET /scheduled_events`): the fields a recovered delivery needs, the rest passed through. */
export const scheduledEventSchema = z.looseObject({
	uri: z.string(),
	name: z.string().nullish(),
	status: z.string(),
	start_time: z.string(),
	end_time: z.string(),
	event_type: z.string().nullish(),
	created_at: z.string().nullish(),
	updated_at: z.string().nullish()
});

export const scheduledEventPageSchema = z.object({
	collection: z.array(scheduledEventSchema),
	pagination: z.object({ next_page: z.string().nullish() }).optional()
});

/** An invitee (`GET /scheduled_events/{uuid}/invitees`): the shape of a webhook's payload without `scheduled_event`. */
export const inviteeSchema = z.looseObject({
	uri: z.string(),
	status: z.string(),
	created_at: z.string(),
	updated_at: z.string().nullish(),
	cancellation: z.looseObject({ created_at: z.string().nullish() }).nullish(),
	no_show: z.looseObject({ created_at: z.string().nullish() }).nullish()
});

export const inviteePageSchema = z.object({
	collection: z.array(inviteeSchema),
	pagination: z.object({ next_page: z.string().nullish() }).optional()
});

export type WebhookSubscription = z.output<typeof webhookSubscriptionSchema>;
export type ScheduledEvent = z.output<typeof scheduledEventSchema>;
export type Invitee = z.output<typeof inviteeSchema>;
export interface CurrentUser {
	uri: string;
	organization: string;
}
