import { z } from 'zod';
import { redact } from '../log.ts';
import {
	createdSubscriptionSchema,
	currentUserSchema,
	errorBodySchema,
	subscriptionPageSchema,
	type CurrentUser,
	type SubscriptionScope,
	type WebhookSubscription
} from './calendly/schemas.ts';

export { assessSubscription, sameCallbackUrl, type Assessment, type DeliveryStatus } from './calendly/assess.ts';
export { WEBHOOK_EVENTS, type CurrentUser, type SubscriptionScope, type WebhookEvent, type WebhookSubscription } from './calendly/schemas.ts';

/**
 * A small client for the Calendly API v2 webhook subscriptions. Never throws for what can be expected of a remote
 * API (bad token, plan without webhooks, validation errors, network failures, timeouts): every call returns a result
 * whose `reason` is one readable sentence without the token. Requests only ever go to `baseUrl`.
 */
export const DEFAULT_CALENDLY_API_URL = 'https://api.calendly.com';

export type FailureKind = 'unauthorized' | 'forbidden' | 'invalid' | 'not_found' | 'conflict' | 'rate_limited' | 'server' | 'network' | 'timeout' | 'unexpected';
export type CalendlyResult<T> = { ok: true; value: T } | { ok: false; kind: FailureKind; status?: number; reason: string };

export interface CalendlyClientOptions {
	token: string;
	baseUrl?: string;
	timeoutMs?: number;
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

export interface CalendlyClient {
	getCurrentUser(): Promise<CalendlyResult<CurrentUser>>;
	listWebhookSubscriptions(query: ListSubscriptionsQuery): Promise<CalendlyResult<WebhookSubscription[]>>;
	createWebhookSubscription(subscription: NewSubscription): Promise<CalendlyResult<WebhookSubscription>>;
	deleteWebhookSubscription(uri: string): Promise<CalendlyResult<null>>;
}

const MAX_PAGES = 50;
const noContent = z.unknown().transform(() => null);
type Failure = Extract<CalendlyResult<never>, { ok: false }>;

function describeHttpFailure(status: number, body: unknown, action: string): Failure {
	const parsed = errorBodySchema.safeParse(body);
	const error = parsed.success ? parsed.data : {};
	const details = (error.details ?? []).map((detail) => [detail.parameter, detail.message].filter(Boolean).join(': ')).filter(Boolean);
	const said = [error.message ?? error.title, details.length > 0 ? `(${details.join('; ')})` : ''].filter(Boolean).join(' ');
	const quote = said ? `: "${redact(said)}"` : '';
	if (status === 401) return { ok: false, kind: 'unauthorized', status, reason: `Calendly refused the token (401)${quote}. CALENDLY_API_TOKEN is wrong, expired or revoked: create a personal access token in Calendly > Integrations > API & Webhooks.` };
	if (status === 403) return { ok: false, kind: 'forbidden', status, reason: `Calendly did not allow ${action} (403)${quote}. Webhooks need a paid plan (Standard or higher), and organization scope needs an organization owner or admin.` };
	if (status === 404) return { ok: false, kind: 'not_found', status, reason: `Calendly found nothing for ${action} (404)${quote}.` };
	if (status === 409) return { ok: false, kind: 'conflict', status, reason: `Calendly refused ${action} (409)${quote}.` };
	if (status === 429) return { ok: false, kind: 'rate_limited', status, reason: `Calendly is rate-limiting this token (429)${quote}: try again in a minute.` };
	if (status >= 500) return { ok: false, kind: 'server', status, reason: `Calendly had a server error during ${action} (${status}): try again later.` };
	return { ok: false, kind: 'invalid', status, reason: `Calendly rejected ${action} (${status})${quote}.` };
}

function describeThrown(error: unknown, origin: string, timeoutMs: number): Failure {
	if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
		return { ok: false, kind: 'timeout', reason: `Calendly at ${origin} did not answer within ${timeoutMs / 1000} s.` };
	}
	const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
	const detail = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
	return { ok: false, kind: 'network', reason: `Cannot reach Calendly at ${origin} (${redact(detail)}).` };
}

/** The uuid at the end of a subscription URI (`.../webhook_subscriptions/<uuid>`), or the uuid itself. */
function subscriptionUuid(uri: string): string | null {
	const last = uri.replace(/\/+$/, '').split('/').pop() ?? '';
	return /^[\w-]+$/.test(last) ? last : null;
}

export function createCalendlyClient(options: CalendlyClientOptions): CalendlyClient {
	const base = (options.baseUrl ?? DEFAULT_CALENDLY_API_URL).replace(/\/+$/, '');
	const origin = new URL(base).origin;
	const timeoutMs = options.timeoutMs ?? 15_000;

	async function call<T>(method: string, url: URL, action: string, schema: z.ZodType<T>, body?: unknown): Promise<CalendlyResult<T>> {
		try {
			const response = await fetch(url, {
				method,
				signal: AbortSignal.timeout(timeoutMs),
				headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				...(body === undefined ? {} : { body: JSON.stringify(body) })
			});
			const text = await response.text();
			let json: unknown = null;
			try {
				json = text ? JSON.parse(text) : null;
			} catch {
				json = null;
			}
			if (!response.ok) return describeHttpFailure(response.status, json, action);
			const parsed = schema.safeParse(json);
			if (parsed.success) return { ok: true, value: parsed.data };
			const where = parsed.error.issues.map((issue) => issue.path.join('.') || 'body').slice(0, 3).join(', ');
			return { ok: false, kind: 'unexpected', status: response.status, reason: `Calendly answered ${action} with an unexpected shape (${where}).` };
		} catch (error) {
			return describeThrown(error, origin, timeoutMs);
		}
	}

	const endpoint = (path: string) => new URL(`${base}${path}`);

	return {
		async getCurrentUser() {
			const result = await call('GET', endpoint('/users/me'), 'reading the current user', currentUserSchema);
			if (!result.ok) return result;
			const { uri, current_organization } = result.value.resource;
			return { ok: true, value: { uri, organization: current_organization } };
		},

		async listWebhookSubscriptions(query) {
			const collected: WebhookSubscription[] = [];
			const url = endpoint('/webhook_subscriptions');
			url.searchParams.set('organization', query.organization);
			url.searchParams.set('scope', query.scope);
			if (query.user) url.searchParams.set('user', query.user);
			url.searchParams.set('count', '100');
			for (let page = 0; page < MAX_PAGES; page++) {
				const result = await call('GET', url, 'listing webhook subscriptions', subscriptionPageSchema);
				if (!result.ok) return result;
				collected.push(...result.value.collection);
				const next = result.value.pagination?.next_page;
				if (!next || !URL.canParse(next)) return { ok: true, value: collected };
				// Follow the page token on our own base URL: the token is never sent to a host named in a response.
				url.search = new URL(next).search;
			}
			return { ok: false, kind: 'unexpected', reason: `Calendly returned more than ${MAX_PAGES} pages of webhook subscriptions.` };
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
			const result = await call('POST', endpoint('/webhook_subscriptions'), 'creating the webhook subscription', createdSubscriptionSchema, body);
			return result.ok ? { ok: true, value: result.value.resource } : result;
		},

		async deleteWebhookSubscription(uri) {
			const uuid = subscriptionUuid(uri);
			if (!uuid) return { ok: false, kind: 'invalid', reason: `"${uri}" is not a webhook subscription URI.` };
			return call('DELETE', endpoint(`/webhook_subscriptions/${uuid}`), 'deleting the webhook subscription', noContent);
		}
	};
}
