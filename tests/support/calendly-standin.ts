import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inviteeCanceled, inviteeCreated, type InviteeFixture } from '../../supabase/functions/_shared/fixtures/deliveries.ts';

/**
 * A stand-in for the Calendly API v2 endpoints the bot uses, on 127.0.0.1, answering with the documented shapes:
 * `GET /users/me`, `GET|POST /webhook_subscriptions`, `DELETE /webhook_subscriptions/:uuid`, `GET /scheduled_events`,
 * `GET /scheduled_events/:uuid/invitees`. Resource URIs look like Calendly's (https://api.calendly.com/...), so a
 * client that follows them to another host would be caught. Every request is recorded for assertions; signing keys
 * are kept aside, as Calendly never returns them.
 *
 * Modelled as Calendly documents it (developer.calendly.com: scopes, webhooks overview, rate limits, the November
 * 2026 release notes):
 * - Scopes: a token created since March 2026 carries only the scopes it was given (`scopes`; without it, a legacy
 *   token with full access). Each endpoint needs its scope, a `:write` includes its `:read`, and a subscription to
 *   invitee events also needs `scheduled_events:read`. A missing scope is a 403 whose body names it. (Calendly's
 *   reference documents the 403 as "Permission denied or insufficient scope" in its usual error shape
 *   `{ title, message, details[] }`; the wording here is ours.)
 * - Plans: webhooks on every plan; on `plan: 'free'` only the events that need a plan feature (routing forms) are
 *   refused, with "Please upgrade to a paid Calendly account.".
 * - One organization's subscriptions for the same user cannot share a URL, whatever their scope: 409.
 * - Rate limits: every answer carries X-RateLimit-Limit / -Remaining / -Reset (seconds until the window resets);
 *   `failNext` makes the next requests answer 429 (or a 5xx, or stall) to exercise retries.
 * - Scheduled events and their invitees, paginated like the subscriptions (`next_page` carrying a `page_token`):
 *   `book()` adds one, `cancel()` and `markNoShow()` change it as Calendly shows it afterwards (the invitee's status,
 *   cancellation, no_show and updated_at; the event canceled once no invitee is active).
 * Not modelled: groups, routing forms, event types, the other endpoints.
 */
const API = 'https://api.calendly.com';
const EVENTS = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted', 'routing_form_submission.created'];
const PLAN_EVENTS = ['routing_form_submission.created'];

export interface StandinSubscription {
	uri: string;
	callback_url: string;
	created_at: string;
	updated_at: string;
	retry_started_at: string | null;
	state: 'active' | 'disabled';
	events: string[];
	scope: 'user' | 'organization' | 'group';
	organization: string;
	user: string | null;
	group: string | null;
	creator: string;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	authorization: string | undefined;
	body: unknown;
	at: number;
}

export interface CalendlyStandinOptions {
	token?: string;
	/** Largest page a list returns, whatever `count` asks for (to exercise pagination). */
	pageSize?: number;
	/** The scopes the token was given; omitted: a token from before scopes, with full access. */
	scopes?: string[];
	/** `free` refuses subscriptions to the events that need a plan feature (routing forms), as Calendly does. */
	plan?: 'paid' | 'free';
	/** Whether the token's user is an organization admin (organization scope needs one). */
	admin?: boolean;
	/** Delay before every answer, for timeouts. */
	delayMs?: number;
}

export interface Failure {
	/** 429 (with the rate-limit headers), a 5xx, or `stall` (answer after `stallMs`). */
	status: 429 | 500 | 502 | 503 | 'stall';
	/** X-RateLimit-Reset on a 429 (seconds). */
	resetSeconds?: number;
	stallMs?: number;
	/** Only requests to this path (and with these query parameters) fail; others pass untouched. */
	path?: string;
	query?: Record<string, string>;
}

type Problem = [status: number, body: Record<string, unknown>];
type Json = Record<string, unknown>;
const invalid = (parameter: string, message: string): Problem => [
	400,
	{ title: 'Invalid Argument', message: 'The supplied parameters are invalid.', details: [{ parameter, message }] }
];
const denied: Problem = [403, { title: 'Permission Denied', message: 'You do not have permission to access this resource.' }];
const notFound: Problem = [404, { title: 'Resource Not Found', message: 'The server could not find the requested resource.' }];
const missingScope = (scope: string): Problem => [
	403,
	{
		title: 'Permission Denied',
		message: `This access token was not granted the scope this request needs: ${scope}.`,
		details: [{ parameter: 'scope', message: `${scope} is required` }]
	}
];

async function readJson(request: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function paginate<T>(items: T[], query: Record<string, string>, path: string, pageSize: number): Problem | [200, Json] {
	const count = Number(query.count ?? 20);
	if (!Number.isInteger(count) || count < 1 || count > 100) return invalid('count', 'must be between 1 and 100');
	const size = Math.min(count, pageSize);
	const offset = query.page_token ? Number(Buffer.from(query.page_token, 'base64url').toString()) : 0;
	const page = items.slice(offset, offset + size);
	const nextParams = new URLSearchParams({ ...query, page_token: Buffer.from(String(offset + size)).toString('base64url') });
	const next = offset + size < items.length ? `${API}${path}?${nextParams.toString()}` : null;
	return [
		200,
		{
			collection: page,
			pagination: {
				count: page.length,
				next_page: next,
				previous_page: null,
				next_page_token: next && nextParams.get('page_token'),
				previous_page_token: null
			}
		}
	];
}

export async function startCalendlyStandin(options: CalendlyStandinOptions = {}) {
	const token = options.token ?? `standin-${'t'.repeat(40)}`;
	const user = { uri: `${API}/users/${randomUUID()}`, organization: `${API}/organizations/${randomUUID()}` };
	const subscriptions: StandinSubscription[] = [];
	const events: Json[] = [];
	const invitees = new Map<string, Json[]>();
	const signingKeys = new Map<string, string | undefined>();
	const requests: RecordedRequest[] = [];
	const failures: Failure[] = [];
	const pageSize = options.pageSize ?? 100;
	const limit = options.plan === 'free' ? 50 : 500;
	let windowStart = Date.now();
	let used = 0;

	function hasScope(scope: string): boolean {
		if (!options.scopes) return true;
		const [family] = scope.split(':');
		return options.scopes.includes(scope) || (scope.endsWith(':read') && options.scopes.includes(`${family}:write`));
	}

	function scopeProblem(query: Record<string, unknown>): Problem | null {
		if (typeof query.organization !== 'string' || !query.organization) return invalid('organization', 'is required');
		if (!['user', 'organization', 'group'].includes(String(query.scope))) return invalid('scope', 'must be one of user, organization, group');
		if (query.scope === 'user' && typeof query.user !== 'string') return invalid('user', 'is required when scope is user');
		if (query.organization !== user.organization) return denied;
		if (query.scope === 'user' && query.user !== user.uri) return denied;
		if (query.scope === 'organization' && options.admin === false) return denied;
		return null;
	}

	function listSubscriptions(query: Record<string, string>): Problem | [200, Json] {
		const problem = scopeProblem(query);
		if (problem) return problem;
		const matching = subscriptions.filter(
			(s) => s.organization === query.organization && s.scope === query.scope && (query.scope !== 'user' || s.user === query.user)
		);
		return paginate(matching, query, '/webhook_subscriptions', pageSize);
	}

	function create(body: unknown): Problem | [201, Json] {
		if (typeof body !== 'object' || body === null) return invalid('body', 'must be a JSON object');
		const input = body as Record<string, unknown>;
		if (typeof input.url !== 'string' || !URL.canParse(input.url) || !/^https?:$/.test(new URL(input.url).protocol))
			return invalid('url', 'must be a valid URL');
		if (!Array.isArray(input.events) || input.events.length === 0 || !input.events.every((event) => EVENTS.includes(String(event)))) {
			return invalid('events', `must be a non-empty list of ${EVENTS.join(', ')}`);
		}
		if (input.signing_key !== undefined && typeof input.signing_key !== 'string') return invalid('signing_key', 'must be a string');
		const problem = scopeProblem(input);
		if (problem) return problem;
		if (input.events.some((event) => String(event).startsWith('invitee')) && !hasScope('scheduled_events:read'))
			return missingScope('scheduled_events:read');
		if (options.plan === 'free' && input.events.some((event) => PLAN_EVENTS.includes(String(event)))) {
			return [403, { title: 'Permission Denied', message: 'Please upgrade to a paid Calendly account.' }];
		}
		if (subscriptions.some((s) => s.organization === user.organization && s.callback_url === input.url && (s.user ?? s.creator) === user.uri)) {
			return [409, { title: 'Already Exists', message: 'Hook with this url already exists' }];
		}
		const scope = input.scope as StandinSubscription['scope'];
		const now = new Date().toISOString();
		const created: StandinSubscription = {
			uri: `${API}/webhook_subscriptions/${randomUUID()}`,
			callback_url: input.url,
			created_at: now,
			updated_at: now,
			retry_started_at: null,
			state: 'active',
			events: input.events as string[],
			scope,
			organization: user.organization,
			user: scope === 'user' ? user.uri : null,
			group: null,
			creator: user.uri
		};
		subscriptions.push(created);
		signingKeys.set(created.uri, input.signing_key);
		return [201, { resource: created }];
	}

	function remove(uuid: string): Problem | [204, null] {
		const index = subscriptions.findIndex((s) => s.uri === `${API}/webhook_subscriptions/${uuid}`);
		if (index < 0) return notFound;
		subscriptions.splice(index, 1);
		return [204, null];
	}

	function listEvents(query: Record<string, string>): Problem | [200, Json] {
		if (!query.user && !query.organization) return invalid('user', 'one of user, organization or group is required');
		if (query.user && query.user !== user.uri) return denied;
		if (query.organization && (query.organization !== user.organization || options.admin === false)) return denied;
		for (const name of ['min_start_time', 'max_start_time'] as const) {
			if (query[name] !== undefined && Number.isNaN(Date.parse(query[name]))) return invalid(name, 'must be a valid ISO 8601 time');
		}
		const min = query.min_start_time ? Date.parse(query.min_start_time) : -Infinity;
		const max = query.max_start_time ? Date.parse(query.max_start_time) : Infinity;
		const matching = events
			.filter((event) => Date.parse(String(event.start_time)) >= min && Date.parse(String(event.start_time)) < max)
			.filter((event) => !query.status || event.status === query.status)
			.sort((a, b) => Date.parse(String(a.start_time)) - Date.parse(String(b.start_time)));
		if (query.sort === 'start_time:desc') matching.reverse();
		return paginate(matching, query, '/scheduled_events', pageSize);
	}

	function listInvitees(uuid: string, query: Record<string, string>): Problem | [200, Json] {
		const eventUri = `${API}/scheduled_events/${uuid}`;
		const found = invitees.get(eventUri);
		if (!found) return notFound;
		const matching = found.filter((invitee) => !query.status || invitee.status === query.status);
		return paginate(matching, query, `/scheduled_events/${uuid}/invitees`, pageSize);
	}

	function rateHeaders(reset = Math.max(1, Math.ceil((windowStart + 60_000 - Date.now()) / 1000))): Record<string, string> {
		return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(Math.max(0, limit - used)), 'x-ratelimit-reset': String(reset) };
	}

	function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = rateHeaders()) {
		if (body === null) return response.writeHead(status, headers).end();
		response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
	}

	function route(method: string, path: string, query: Record<string, string>, body: unknown): Problem | [number, Json | null] {
		const deletion = /^\/webhook_subscriptions\/([\w-]+)$/.exec(path);
		const inviteeList = /^\/scheduled_events\/([\w-]+)\/invitees$/.exec(path);
		const need = (scope: string) => (hasScope(scope) ? null : missingScope(scope));
		if (method === 'GET' && path === '/users/me') {
			return (
				need('users:read') ?? [
					200,
					{
						resource: {
							uri: user.uri,
							name: 'FPSOS Staff',
							slug: 'fpsos',
							email: 'staff@fpsos.example',
							scheduling_url: 'https://calendly.com/fpsos',
							timezone: 'Asia/Dubai',
							avatar_url: null,
							created_at: '2026-01-01T00:00:00.000000Z',
							updated_at: '2026-01-01T00:00:00.000000Z',
							current_organization: user.organization,
							resource_type: 'User',
							locale: 'en'
						}
					}
				]
			);
		}
		if (method === 'GET' && path === '/webhook_subscriptions') return need('webhooks:read') ?? listSubscriptions(query);
		if (method === 'POST' && path === '/webhook_subscriptions') return need('webhooks:write') ?? create(body);
		if (method === 'DELETE' && deletion) return need('webhooks:write') ?? remove(deletion[1]!);
		if (method === 'GET' && path === '/scheduled_events') return need('scheduled_events:read') ?? listEvents(query);
		if (method === 'GET' && inviteeList) return need('scheduled_events:read') ?? listInvitees(inviteeList[1]!, query);
		return notFound;
	}

	async function handle(request: IncomingMessage, response: ServerResponse) {
		const url = new URL(request.url ?? '/', 'http://standin');
		const query = Object.fromEntries(url.searchParams);
		const body = await readJson(request);
		requests.push({
			method: request.method ?? '',
			path: url.pathname,
			query,
			authorization: request.headers.authorization,
			body,
			at: Date.now()
		});
		if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
		if (Date.now() - windowStart >= 60_000) {
			windowStart = Date.now();
			used = 0;
		}
		used += 1;
		const index = failures.findIndex(
			(f) => (!f.path || f.path === url.pathname) && Object.entries(f.query ?? {}).every(([name, value]) => query[name] === value)
		);
		const failure = index < 0 ? undefined : failures.splice(index, 1)[0];
		if (failure?.status === 'stall') {
			await new Promise((resolve) => setTimeout(resolve, failure.stallMs ?? 1_000));
		} else if (failure?.status === 429) {
			return send(
				response,
				429,
				{ title: 'Too Many Requests', message: 'You have exceeded the rate limit.' },
				{ ...rateHeaders(failure.resetSeconds ?? 60), 'x-ratelimit-remaining': '0' }
			);
		} else if (failure) {
			return send(response, failure.status, { title: 'Internal Server Error', message: 'The server encountered an unexpected condition.' });
		}
		if (request.headers.authorization !== `Bearer ${token}`)
			return send(response, 401, { title: 'Unauthenticated', message: 'The access token is invalid' });
		const [status, answer] = route(request.method ?? '', url.pathname, query, body);
		send(response, status, answer);
	}

	const server = createServer((request, response) => {
		handle(request, response).catch(() => response.writeHead(500).end());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	const findInvitee = (uri: string) => {
		for (const [eventUri, list] of invitees) {
			const invitee = list.find((entry) => entry.uri === uri);
			const event = events.find((entry) => entry.uri === eventUri);
			if (invitee && event) return { event, invitee };
		}
		throw new Error(`no invitee ${uri}`);
	};

	const find = (uri: string) => {
		const found = subscriptions.find((s) => s.uri === uri);
		if (!found) throw new Error(`no subscription ${uri}`);
		return found;
	};

	return {
		url: `http://127.0.0.1:${port}`,
		token,
		user,
		subscriptions,
		requests,
		signingKeyOf: (uri: string) => signingKeys.get(uri),
		/** Adds a subscription as if created earlier (by anyone); returns it. */
		seed(fields: Partial<StandinSubscription> & { callback_url: string }) {
			const now = new Date().toISOString();
			const seeded: StandinSubscription = {
				uri: `${API}/webhook_subscriptions/${randomUUID()}`,
				created_at: now,
				updated_at: now,
				retry_started_at: null,
				state: 'active',
				events: ['invitee.created', 'invitee.canceled'],
				scope: 'user',
				organization: user.organization,
				user: user.uri,
				group: null,
				creator: user.uri,
				...fields
			};
			subscriptions.push(seeded);
			return seeded;
		},
		setState(uri: string, state: StandinSubscription['state']) {
			find(uri).state = state;
		},
		setRetryStartedAt(uri: string, at: string | null) {
			find(uri).retry_started_at = at;
		},
		/** The next requests fail this way, one failure each, before any other check (as a proxy or overload would). */
		failNext(...next: Failure[]) {
			failures.push(...next);
		},
		/**
		 * Books a session in Calendly: a scheduled event (hosted by the token's user) with one invitee, in the shapes
		 * of `GET /scheduled_events` and `GET /scheduled_events/{uuid}/invitees` (the invitee is the webhook payload
		 * without its embedded `scheduled_event`). `bookedAt` is the invitee's created_at; `canceledAt` cancels it.
		 */
		book(fixture: InviteeFixture & { bookedAt?: Date; canceledAt?: Date } = {}) {
			const bookedAt = (fixture.bookedAt ?? new Date()).toISOString();
			const canceled = fixture.canceledAt
				? {
						canceled_by: fixture.name ?? 'Test Player',
						canceler_type: 'invitee' as const,
						reason: 'Something came up',
						created_at: fixture.canceledAt.toISOString()
					}
				: null;
			const envelope = (canceled ? inviteeCanceled({ ...fixture, cancellation: canceled }) : inviteeCreated(fixture)) as { payload: Json };
			const { scheduled_event: scheduled, ...invitee } = envelope.payload as Json & { scheduled_event: Json };
			const event: Json = {
				...scheduled,
				created_at: bookedAt,
				updated_at: fixture.canceledAt?.toISOString() ?? bookedAt,
				invitees_counter: { total: 1, active: canceled ? 0 : 1, limit: 1 },
				event_memberships: [{ user: user.uri, user_email: 'staff@fpsos.example', user_name: 'FPSOS Staff' }]
			};
			const stored: Json = { ...invitee, created_at: bookedAt, updated_at: fixture.canceledAt?.toISOString() ?? bookedAt };
			const existing = events.find((e) => e.uri === event.uri);
			if (!existing) events.push(event);
			invitees.set(String(event.uri), [...(invitees.get(String(event.uri)) ?? []), stored]);
			return { event, invitee: stored };
		},
		/**
		 * The invitee cancels (or the host does) at `at`: the invitee's status, cancellation and updated_at change, and
		 * the event is canceled with it once it has no active invitee left, as Calendly shows them afterwards.
		 */
		cancel(inviteeUri: string, at: Date, options: { reason?: string; canceler?: 'invitee' | 'host' } = {}) {
			const { event, invitee } = findInvitee(inviteeUri);
			const cancellation = {
				canceled_by: options.canceler === 'host' ? 'FPSOS Staff' : typeof invitee.name === 'string' ? invitee.name : 'Test Player',
				canceler_type: options.canceler ?? 'invitee',
				reason: options.reason ?? 'Something came up',
				created_at: at.toISOString()
			};
			Object.assign(invitee, { status: 'canceled', cancellation, updated_at: at.toISOString() });
			const active = (invitees.get(String(event.uri)) ?? []).filter((entry) => entry.status === 'active').length;
			Object.assign(event, { updated_at: at.toISOString(), invitees_counter: { ...(event.invitees_counter as Json), active } });
			if (active === 0) Object.assign(event, { status: 'canceled', cancellation });
		},
		/** The host marks the invitee as a no-show at `at` (the invitee's no_show: { uri, created_at }). */
		markNoShow(inviteeUri: string, at: Date) {
			const { invitee } = findInvitee(inviteeUri);
			Object.assign(invitee, {
				no_show: { uri: `${API}/invitee_no_shows/${randomUUID()}`, created_at: at.toISOString() },
				updated_at: at.toISOString()
			});
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export type CalendlyStandin = Awaited<ReturnType<typeof startCalendlyStandin>>;
