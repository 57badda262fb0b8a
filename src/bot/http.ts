import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** Named checks; each passes when it resolves to true within CHECK_TIMEOUT_MS. */
export type Checks = Record<string, () => boolean | Promise<boolean>>;
/** A fetch-style handler: the Edge Function's own (calendlyFetchHandler), mounted as it is. */
export type WebhookHandler = (request: Request) => Promise<Response>;

export interface HttpRoutes {
	/** GET /healthz (liveness): the gateway is connected and the database (and Redis, when used) answer. */
	health: Checks;
	/** GET /readyz (readiness): ready to take traffic, e.g. migrated and logged in. */
	ready?: Checks;
	/** /webhooks/calendly: the Edge Function's fetch handler, for embedded mode (same status codes and bodies). */
	calendly?: WebhookHandler;
}

export interface HttpServer {
	readonly url: string;
	close(): Promise<void>;
}

/** A check that has not answered by then has failed: a hung database must not hang the probe. */
export const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: () => boolean | Promise<boolean>): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<boolean>((resolve) => {
		timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
	});
	try {
		return await Promise.race([
			Promise.resolve()
				.then(check)
				.then(
					(ok) => ok === true,
					() => false
				),
			timeout
		]);
	} finally {
		clearTimeout(timer);
	}
}

/** Runs every check at once; 200 when all pass, 503 otherwise, with each check's result (names and booleans only). */
async function probe(checks: Checks): Promise<{ ok: boolean; checks: Record<string, boolean> }> {
	const names = Object.keys(checks);
	const results = await Promise.all(names.map((name) => runCheck(checks[name]!)));
	const outcome = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
	return { ok: results.every(Boolean), checks: outcome };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

/** Node's request as a fetch Request (the body streamed, not buffered), and the handler's Response written back. */
async function serveFetch(handler: WebhookHandler, request: IncomingMessage, response: ServerResponse): Promise<void> {
	const headers = new Headers();
	for (const [name, value] of Object.entries(request.headers)) {
		if (typeof value === 'string') headers.set(name, value);
		else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
	}
	const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
	const init: RequestInit & { duplex?: 'half' } = { method: request.method ?? 'GET', headers };
	if (hasBody) Object.assign(init, { body: Readable.toWeb(request), duplex: 'half' });
	const answer = await handler(new Request(new URL(request.url ?? '/', 'http://localhost'), init));
	const body = Buffer.from(await answer.arrayBuffer());
	// A body the handler did not read to the end (too large) is not drained: the connection closes once answered.
	const unread = !request.readableEnded;
	response.writeHead(answer.status, { ...Object.fromEntries(answer.headers), ...(unread ? { connection: 'close' } : {}) });
	response.end(body, () => {
		if (unread) request.destroy();
	});
}

async function route(routes: HttpRoutes, request: IncomingMessage, response: ServerResponse): Promise<void> {
	const path = new URL(request.url ?? '/', 'http://localhost').pathname;
	if (request.method === 'GET' && path === '/healthz') {
		const { ok, checks } = await probe(routes.health);
		return reply(response, ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', checks });
	}
	if (request.method === 'GET' && path === '/readyz' && routes.ready) {
		const { ok, checks } = await probe(routes.ready);
		return reply(response, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks });
	}
	if (path === '/webhooks/calendly' && routes.calendly) return serveFetch(routes.calendly, request, response);
	return reply(response, 404, { error: 'not found' });
}

/** The bot's small HTTP endpoint: liveness and readiness, and the Calendly webhook in embedded mode. */
export async function startHttpServer(host: string, port: number, routes: HttpRoutes): Promise<HttpServer> {
	const server: Server = createServer((request, response) => {
		route(routes, request, response).catch(() => {
			if (!response.headersSent) reply(response, 500, { error: 'internal error' });
			else response.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	const { port: bound } = server.address() as AddressInfo;
	return {
		url: `http://${host}:${bound}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			})
	};
}
