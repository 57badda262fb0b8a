import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Calendly API v2 webhook endpoints on 127.0.0.1, answering with the documented shapes:
 * `GET /users/me`, `GET|POST /webhook_subscriptions`, `DELETE /webhook_subscriptions/:uuid`. Resource URIs look like
 * Calendly's (https://api.calendly.com/...), so a client that follows them to another host would be caught.
 * Every request is recorded for assertions; signing keys are kept aside, as Calendly never returns them.
 */
const API = 'https://api.calendly.com';
const EVENTS = ['invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted', 'routing_form_submission.created'];

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
}

export interface CalendlyStandinOptions {
	token?: string;
	/** Largest page `GET /webhook_subscriptions` returns, whatever `count` asks for (to exercise pagination). */
	pageSize?: number;
	/** `free` answers 403 to subscription creation, as Calendly does below the Standard plan. */
	plan?: 'standard' | 'free';
	/** Whether the token's user is an organization admin (organization scope needs one). */
	admin?: boolean;
	/** Delay before every answer, for timeouts. */
	delayMs?: number;
}

type Problem = [status: number, body: Record<string, unknown>];
const invalid = (parameter: string, message: string): Problem => [400, { title: 'Invalid Argument', message: 'The supplied parameters are invalid.', details: [{ parameter, message }] }];
const denied: Problem = [403, { title: 'Permission Denied', message: 'You do not have permission to access this resource.' }];
const notFound: Problem = [404, { title: 'Resource Not Found', message: 'The server could not find the requested resource.' }];

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

export async function startCalendlyStandin(options: CalendlyStandinOptions = {}) {
	const token = options.token ?? `standin-${'t'.repeat(40)}`;
	const user = { uri: `${API}/users/${randomUUID()}`, organization: `${API}/organizations/${randomUUID()}` };
	const subscriptions: StandinSubscription[] = [];
	const signingKeys = new Map<string, string | undefined>();
	const requests: RecordedRequest[] = [];

	function scopeProblem(query: Record<string, unknown>): Problem | null {
		if (typeof query.organization !== 'string' || !query.organization) return invalid('organization', 'is required');
		if (!['user', 'organization', 'group'].includes(String(query.scope))) return invalid('scope', 'must be one of user, organization, group');
		if (query.scope === 'user' && typeof query.user !== 'string') return invalid('user', 'is required when scope is user');
		if (query.organization !== user.organization) return denied;
		if (query.scope === 'user' && query.user !== user.uri) return denied;
		if (query.scope === 'organization' && options.admin === false) return denied;
		return null;
	}

	function list(query: Record<string, string>, response: ServerResponse) {
		const problem = scopeProblem(query);
		if (problem) return send(response, ...problem);
		const count = Number(query.count ?? 20);
		if (!Number.isInteger(count) || count < 1 || count > 100) return send(response, ...invalid('count', 'must be between 1 and 100'));
		const size = Math.min(count, options.pageSize ?? 100);
		const offset = query.page_token ? Number(Buffer.from(query.page_token, 'base64url').toString()) : 0;
		const matching = subscriptions.filter((s) => s.organization === query.organization && s.scope === query.scope && (query.scope !== 'user' || s.user === query.user));
		const page = matching.slice(offset, offset + size);
		const nextParams = new URLSearchParams({ ...query, page_token: Buffer.from(String(offset + size)).toString('base64url') });
		const next = offset + size < matching.length ? `${API}/webhook_subscriptions?${nextParams.toString()}` : null;
		send(response, 200, { collection: page, pagination: { count: page.length, next_page: next, previous_page: null, next_page_token: next && nextParams.get('page_token'), previous_page_token: null } });
	}

	function create(body: unknown, response: ServerResponse) {
		if (typeof body !== 'object' || body === null) return send(response, ...invalid('body', 'must be a JSON object'));
		const input = body as Record<string, unknown>;
		if (typeof input.url !== 'string' || !URL.canParse(input.url) || !/^https?:$/.test(new URL(input.url).protocol)) return send(response, ...invalid('url', 'must be a valid URL'));
		if (!Array.isArray(input.events) || input.events.length === 0 || !input.events.every((event) => EVENTS.includes(String(event)))) {
			return send(response, ...invalid('events', `must be a non-empty list of ${EVENTS.join(', ')}`));
		}
		if (input.signing_key !== undefined && typeof input.signing_key !== 'string') return send(response, ...invalid('signing_key', 'must be a string'));
		const problem = scopeProblem(input);
		if (problem) return send(response, ...problem);
		if (options.plan === 'free') return send(response, 403, { title: 'Permission Denied', message: 'Please upgrade your Calendly account to Standard' });
		const scope = input.scope as StandinSubscription['scope'];
		if (subscriptions.some((s) => s.callback_url === input.url && s.scope === scope && (scope !== 'user' || s.user === input.user))) {
			return send(response, 409, { title: 'Already Exists', message: 'Hook with this url already exists' });
		}
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
		send(response, 201, { resource: created });
	}

	function remove(uuid: string, response: ServerResponse) {
		const index = subscriptions.findIndex((s) => s.uri === `${API}/webhook_subscriptions/${uuid}`);
		if (index < 0) return send(response, ...notFound);
		subscriptions.splice(index, 1);
		response.writeHead(204).end();
	}

	function send(response: ServerResponse, status: number, body: unknown) {
		response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
	}

	async function handle(request: IncomingMessage, response: ServerResponse) {
		const url = new URL(request.url ?? '/', 'http://standin');
		const query = Object.fromEntries(url.searchParams);
		const body = await readJson(request);
		requests.push({ method: request.method ?? '', path: url.pathname, query, authorization: request.headers.authorization, body });
		if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
		if (request.headers.authorization !== `Bearer ${token}`) return send(response, 401, { title: 'Unauthenticated', message: 'The access token is invalid' });
		const deletion = /^\/webhook_subscriptions\/([\w-]+)$/.exec(url.pathname);
		if (request.method === 'GET' && url.pathname === '/users/me') {
			return send(response, 200, {
				resource: { uri: user.uri, name: 'FPSOS Staff', slug: 'fpsos', email: 'staff@fpsos.example', scheduling_url: 'https://calendly.com/fpsos', timezone: 'Asia/Dubai', avatar_url: null, created_at: '2026-01-01T00:00:00.000000Z', updated_at: '2026-01-01T00:00:00.000000Z', current_organization: user.organization, resource_type: 'User', locale: 'en' }
			});
		}
		if (request.method === 'GET' && url.pathname === '/webhook_subscriptions') return list(query, response);
		if (request.method === 'POST' && url.pathname === '/webhook_subscriptions') return create(body, response);
		if (request.method === 'DELETE' && deletion) return remove(deletion[1]!, response);
		send(response, ...notFound);
	}

	const server = createServer((request, response) => {
		handle(request, response).catch(() => response.writeHead(500).end());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

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
			const seeded: StandinSubscription = { uri: `${API}/webhook_subscriptions/${randomUUID()}`, created_at: now, updated_at: now, retry_started_at: null, state: 'active', events: ['invitee.created', 'invitee.canceled'], scope: 'user', organization: user.organization, user: user.uri, group: null, creator: user.uri, ...fields };
			subscriptions.push(seeded);
			return seeded;
		},
		setState(uri: string, state: StandinSubscription['state']) {
			find(uri).state = state;
		},
		setRetryStartedAt(uri: string, at: string | null) {
			find(uri).retry_started_at = at;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export type CalendlyStandin = Awaited<ReturnType<typeof startCalendlyStandin>>;
