import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Named checks; each passes when it resolves to true within CHECK_TIMEOUT_MS. */
export type Checks = Record<string, () => boolean | Promise<boolean>>;
export type WebhookHandler = (request: { rawBody: Uint8Array; signatureHeader: string | null }) => Promise<{ status: number; body: unknown }>;

export interface HttpRoutes {
	/** GET /healthz (liveness): the gateway is connected and the database (and Redis, when used) answer. */
	health: Checks;
	/** GET /readyz (readiness): ready to take traffic, e.g. migrated and logged in. */
	ready?: Checks;
	/** POST /webhooks/calendly: the same handler as the Edge Function, for embedded mode. */
	calendly?: WebhookHandler;
}

export interface HttpServer {
	readonly url: string;
	close(): Promise<void>;
}

/** Calendly payloads are a few kilobytes. */
const MAX_WEBHOOK_BYTES = 256 * 1024;
/** A check that has not answered by then has failed: a hung database must not hang the probe. */
export const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: () => boolean | Promise<boolean>): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<boolean>((resolve) => {
		timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
	});
	try {
		return await Promise.race([Promise.resolve().then(check).then((ok) => ok === true, () => false), timeout]);
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

async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | null> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		total += chunk.length;
		if (total > limit) return null;
		chunks.push(chunk);
	}
	return new Uint8Array(Buffer.concat(chunks));
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
	if (path === '/webhooks/calendly' && routes.calendly) {
		if (request.method !== 'POST') return reply(response, 405, { error: 'method not allowed' });
		const rawBody = await readBody(request, MAX_WEBHOOK_BYTES);
		if (!rawBody) return reply(response, 413, { error: 'payload too large' });
		const header = request.headers['calendly-webhook-signature'];
		const result = await routes.calendly({ rawBody, signatureHeader: typeof header === 'string' ? header : null });
		return reply(response, result.status, result.body);
	}
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
