import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { redact } from '../log.ts';
import {
	createdSubscriptionSchema,
	currentUserSchema,
	errorBodySchema,
	inviteePageSchema,
	scheduledEventPageSchema,
	subscriptionPageSchema,
	type CurrentUser,
	type Invitee,
	type ScheduledEvent,
	type SubscriptionScope,
	type WebhookSubscription
} from './calendly/schemas.ts';
import { REQUIRED_SCOPES_TEXT, SCOPE_OF, scopesNamedIn, type CalendlyAction } from './calendly/scopes.ts';

export { assessSubscription, sameCallbackUrl, type Assessment, type DeliveryStatus } from './calendly/assess.ts';
export {
	WEBHOOK_EVENTS,
	type CurrentUser,
	type Invitee,
	type ScheduledEvent,
	type SubscriptionScope,
	type WebhookEvent,
	type WebhookSubscription
} from './calendly/schemas.ts';
export { REQUIRED_SCOPES, REQUIRED_SCOPES_TEXT, SCOPE_OF } from './calendly/scopes.ts';

/**
 * A small client for the Calendly API v2 endpoints the bot uses (current user, webhook subscriptions, scheduled events
 * and their invitees). Never throws for what can be expected of a remote API (bad token, missing scope, validation
 * errors, rate limits, server errors, network failures, timeouts): every call returns a result whose `reason` is one
 * readable sentence without the token. Transient failures are retried first: a 429 after the wait Calendly's
 * rate-limit headers give, a 5xx, a timeout or a network error (reads and deletes only: a create is retried after a
 * 429 alone, when Calendly did not process it). Requests only ever go to `baseUrl`.
 */
export const DEFAULT_CALENDLY_API_URL = 'https://api.calendly.com';

export type FailureKind =
	| 'unauthorized'
	| 'missing_scope'
	| 'forbidden'
	| 'plan'
	| 'invalid'
	| 'not_found'
	| 'conflict'
	| 'rate_limited'
	| 'server'
	| 'network'
	| 'timeout'
	| 'unexpected';
export interface CalendlyFailure {
	ok: false;
	kind: FailureKind;
	status?: number;
	reason: string;
	/** For `missing_scope`: the scope(s) Calendly's error names. */
	scope?: string;
	/** How many requests were made (more than one when a transient failure was retried). */
	attempts?: number;
}
export type CalendlyResult<T> = { ok: true; value: T } | CalendlyFailure;

export interface CalendlyClientOptions {
	token: string;
	baseUrl?: string;
	timeoutMs?: number;
	/** Requests per call, counting the first (default 3). */
	maxAttempts?: number;
	/** The first back-off after a 5xx, timeout or network error, doubled each time (default 1 s). */
	retryBaseMs?: number;
	/** A wait longer than this (e.g. a rate-limit reset) is not waited for: the failure is returned (default 60 s). */
	maxRetryWaitMs?: number;
}

export interface ListSubscriptionsQuery {
	organization: string;
	user?: string;
	scope: SubscriptionScope;
}

export interface NewSubscription extends ListSubscriptionsQuery {
	url: string;
	events: readonly string[];
	signingKey: string;
}

export interface ScheduledEventsQuery {
	/** The user whose events to list (alone: the token's own events), or the organization (owners and admins). */
	user?: string;
	organization?: string;
	minStartTime: Date;
	maxStartTime?: Date;
}

export interface CalendlyClient {
	getCurrentUser(): Promise<CalendlyResult<CurrentUser>>;
	listWebhookSubscriptions(query: ListSubscriptionsQuery): Promise<CalendlyResult<WebhookSubscription[]>>;
	createWebhookSubscription(subscription: NewSubscription): Promise<CalendlyResult<WebhookSubscription>>;
	deleteWebhookSubscription(uri: string): Promise<CalendlyResult<null>>;
	listScheduledEvents(query: ScheduledEventsQuery): Promise<CalendlyResult<ScheduledEvent[]>>;
	listInvitees(eventUri: string): Promise<CalendlyResult<Invitee[]>>;
}

const MAX_PAGES = 50;
const noContent = z.unknown().transform(() => null);

/** What one request came to: the result, and whether (and after how long) it is worth asking again. */
interface Attempt<T> {
	result: CalendlyResult<T>;
	transient: boolean;
	waitMs?: number;
}

function quoteOf(body: unknown): { quote: string; texts: (string | undefined)[] } {
	const parsed = errorBodySchema.safeParse(body);
	const error = parsed.success ? parsed.data : {};
	const details = (error.details ?? []).map((detail) => [detail.parameter, detail.message].filter(Boolean).join(': ')).filter(Boolean);
	const said = [error.message ?? error.title, details.length > 0 ? `(${details.join('; ')})` : ''].filter(Boolean).join(' ');
	return { quote: said ? `: "${redact(said)}"` : '', texts: [error.title, error.message, ...details] };
}

const seconds = (value: string | null): number | null => {
	if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return null;
	return Number(value.trim());
};

function describeForbidden(body: unknown, action: CalendlyAction): CalendlyFailure {
	const { quote, texts } = quoteOf(body);
	const scopes = scopesNamedIn(texts);
	if (scopes.length > 0) {
		return {
			ok: false,
			kind: 'missing_scope',
			status: 403,
			scope: scopes.join(', '),
			reason: `Calendly refused ${action} (403)${quote}: the token lacks the scope ${scopes.join(', ')}. Create a personal access token with the scopes ${REQUIRED_SCOPES_TEXT} (Calendly > Integrations > API & Webhooks) and put it in CALENDLY_API_TOKEN.`
		};
	}
	if (texts.some((text) => /upgrade/i.test(text ?? ''))) {
		return {
			ok: false,
			kind: 'plan',
			status: 403,
			reason: `Calendly refused ${action} (403)${quote}: the organization owner's Calendly plan lacks the feature one of the events comes from. Webhooks work on every plan (since November 2026); only routing-form, meeting-recap and contact events need a plan with that feature, and the bot subscribes to none of them.`
		};
	}
	return {
		ok: false,
		kind: 'forbidden',
		status: 403,
		reason: `Calendly refused ${action} (403)${quote}. It needs the scope ${SCOPE_OF[action]} on the token (all of ${REQUIRED_SCOPES_TEXT}); organization-scope subscriptions and events also need an organization owner or admin.`
	};
}

function describeHttpFailure(response: Response, body: unknown, action: CalendlyAction): CalendlyFailure {
	const { status } = response;
	const { quote } = quoteOf(body);
	if (status === 401)
		return {
			ok: false,
			kind: 'unauthorized',
			status,
			reason: `Calendly refused the token (401)${quote}. CALENDLY_API_TOKEN is wrong, expired or revoked: create a personal access token (Calendly > Integrations > API & Webhooks) with the scopes ${REQUIRED_SCOPES_TEXT}.`
		};
	if (status === 403) return describeForbidden(body, action);
	if (status === 404) return { ok: false, kind: 'not_found', status, reason: `Calendly found nothing for ${action} (404)${quote}.` };
	if (status === 409) return { ok: false, kind: 'conflict', status, reason: `Calendly refused ${action} (409)${quote}.` };
	if (status === 429) {
		const limit = response.headers.get('x-ratelimit-limit');
		const reset = seconds(response.headers.get('x-ratelimit-reset')) ?? seconds(response.headers.get('retry-after'));
		const detail = [limit ? `limit ${limit} requests a minute` : '', reset !== null ? `reset in ${reset} s` : ''].filter(Boolean).join(', ');
		return {
			ok: false,
			kind: 'rate_limited',
			status,
			reason: `Calendly is rate-limiting this token during ${action} (429${detail ? `, ${detail}` : ''})${quote}.`
		};
	}
	if (status >= 500) return { ok: false, kind: 'server', status, reason: `Calendly had a server error during ${action} (${status}).` };
	return { ok: false, kind: 'invalid', status, reason: `Calendly rejected ${action} (${status})${quote}.` };
}

function describeThrown(error: unknown, origin: string, timeoutMs: number): CalendlyFailure {
	if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
		return { ok: false, kind: 'timeout', reason: `Calendly at ${origin} did not answer within ${timeoutMs / 1000} s.` };
	}
	const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
	const detail = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
	return { ok: false, kind: 'network', reason: `Cannot reach Calendly at ${origin} (${redact(detail)}).` };
}

/** The uuid at the end of a Calendly URI (`.../webhook_subscriptions/<uuid>`), or the uuid itself. */
function uuidOf(uri: string): string | null {
	const last = uri.replace(/\/+$/, '').split('/').pop() ?? '';
	return /^[\w-]+$/.test(last) ? last : null;
}

const withAttempts = <T>(result: CalendlyResult<T>, attempts: number): CalendlyResult<T> => {
	if (result.ok || attempts === 1) return result;
	return { ...result, attempts, reason: `${result.reason} (${attempts} attempts)` };
};

export function createCalendlyClient(options: CalendlyClientOptions): CalendlyClient {
	const base = (options.baseUrl ?? DEFAULT_CALENDLY_API_URL).replace(/\/+$/, '');
	const origin = new URL(base).origin;
	const timeoutMs = options.timeoutMs ?? 15_000;
	const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
	const retryBaseMs = options.retryBaseMs ?? 1_000;
	const maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;

	async function once<T>(method: string, url: URL, action: CalendlyAction, schema: z.ZodType<T>, body?: unknown): Promise<Attempt<T>> {
		const idempotent = method !== 'POST';
		let response: Response;
		let text: string;
		try {
			response = await fetch(url, {
				method,
				signal: AbortSignal.timeout(timeoutMs),
				headers: {
					authorization: `Bearer ${options.token}`,
					accept: 'application/json',
					...(body === undefined ? {} : { 'content-type': 'application/json' })
				},
				...(body === undefined ? {} : { body: JSON.stringify(body) })
			});
			text = await response.text();
		} catch (error) {
			return { result: describeThrown(error, origin, timeoutMs), transient: idempotent };
		}
		let json: unknown;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			json = null;
		}
		if (!response.ok) {
			const result = describeHttpFailure(response, json, action);
			if (response.status === 429) {
				const reset = seconds(response.headers.get('x-ratelimit-reset')) ?? seconds(response.headers.get('retry-after'));
				return { result, transient: true, ...(reset !== null ? { waitMs: reset * 1000 } : {}) };
			}
			return { result, transient: idempotent && response.status >= 500 };
		}
		const parsed = schema.safeParse(json);
		if (parsed.success) return { result: { ok: true, value: parsed.data }, transient: false };
		const where = parsed.error.issues
			.map((issue) => issue.path.join('.') || 'body')
			.slice(0, 3)
			.join(', ');
		return {
			result: {
				ok: false,
				kind: 'unexpected',
				status: response.status,
				reason: `Calendly answered ${action} with an unexpected shape (${where}).`
			},
			transient: false
		};
	}

	async function call<T>(method: string, url: URL, action: CalendlyAction, schema: z.ZodType<T>, body?: unknown): Promise<CalendlyResult<T>> {
		for (let attempt = 1; ; attempt++) {
			const { result, transient, waitMs } = await once(method, url, action, schema, body);
			if (!transient || attempt >= maxAttempts) return withAttempts(result, attempt);
			const wait = waitMs ?? retryBaseMs * 2 ** (attempt - 1);
			if (wait > maxRetryWaitMs) return withAttempts(result, attempt);
			await sleep(wait);
		}
	}

	const endpoint = (path: string) => new URL(`${base}${path}`);

	/** Every page of a list, following `next_page`'s query on our own base URL (never a host named in a response). */
	async function collect<T>(
		url: URL,
		action: CalendlyAction,
		schema: z.ZodType<{ collection: T[]; pagination?: { next_page?: string | null | undefined } | undefined }>
	): Promise<CalendlyResult<T[]>> {
		const collected: T[] = [];
		for (let page = 0; page < MAX_PAGES; page++) {
			const result = await call('GET', url, action, schema);
			if (!result.ok) return result;
			collected.push(...result.value.collection);
			const next = result.value.pagination?.next_page;
			if (!next || !URL.canParse(next)) return { ok: true, value: collected };
			url.search = new URL(next).search;
		}
		return { ok: false, kind: 'unexpected', reason: `Calendly returned more than ${MAX_PAGES} pages while ${action}.` };
	}

	return {
		async getCurrentUser() {
			const result = await call('GET', endpoint('/users/me'), 'reading the current user', currentUserSchema);
			if (!result.ok) return result;
			const { uri, current_organization } = result.value.resource;
			return { ok: true, value: { uri, organization: current_organization } };
		},

		listWebhookSubscriptions(query) {
			const url = endpoint('/webhook_subscriptions');
			url.searchParams.set('organization', query.organization);
			url.searchParams.set('scope', query.scope);
			if (query.user) url.searchParams.set('user', query.user);
			url.searchParams.set('count', '100');
			return collect(url, 'listing webhook subscriptions', subscriptionPageSchema);
		},

		async createWebhookSubscription(subscription) {
			const body = {
				url: subscription.url,
				events: subscription.events,
				organization: subscription.organization,
				scope: subscription.scope,
				signing_key: subscription.signingKey,
				...(subscription.user ? { user: subscription.user } : {})
			};
			const result = await call(
				'POST',
				endpoint('/webhook_subscriptions'),
				'creating the webhook subscription',
				createdSubscriptionSchema,
				body
			);
			return result.ok ? { ok: true, value: result.value.resource } : result;
		},

		async deleteWebhookSubscription(uri) {
			const uuid = uuidOf(uri);
			if (!uuid) return { ok: false, kind: 'invalid', reason: `"${uri}" is not a webhook subscription URI.` };
			return call('DELETE', endpoint(`/webhook_subscriptions/${uuid}`), 'deleting the webhook subscription', noContent);
		},

		listScheduledEvents(query) {
			const url = endpoint('/scheduled_events');
			if (query.organization) url.searchParams.set('organization', query.organization);
			if (query.user) url.searchParams.set('user', query.user);
			url.searchParams.set('min_start_time', query.minStartTime.toISOString());
			if (query.maxStartTime) url.searchParams.set('max_start_time', query.maxStartTime.toISOString());
			url.searchParams.set('sort', 'start_time:asc');
			url.searchParams.set('count', '100');
			return collect(url, 'listing scheduled events', scheduledEventPageSchema);
		},

		async listInvitees(eventUri) {
			const uuid = uuidOf(eventUri);
			if (!uuid) return { ok: false, kind: 'invalid', reason: `"${eventUri}" is not a scheduled event URI.` };
			const url = endpoint(`/scheduled_events/${uuid}/invitees`);
			url.searchParams.set('count', '100');
			return collect(url, 'listing the invitees of a scheduled event', inviteePageSchema);
		}
	};
}
