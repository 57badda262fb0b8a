import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HealthProbe = () => Promise<Record<string, boolean>>;
export type WebhookHandler = (request: { rawBody: Uint8Array; signatureHeader: string | null }) => Promise<{ status: number; body: unknown }>;

export interface HttpRoutes {
	health: HealthProbe;
	/** POST /webhooks/calendly: the same handler as the Edge Function, for embedded mode. */
	calendly?: WebhookHandler;
}

export interface HttpServer {
	readonly url: string;
	close(): Promise<void>;
}

/** Calendly payloads are a few kilobytes. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

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
		const checks = await routes.health().catch(() => ({ probe: false }));
		const ok = Object.values(checks).every(Boolean);
		return reply(response, ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', checks });
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

/** The bot's small HTTP endpoint: health, and the Calendly webhook in embedded mode. */
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
