import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthProbe {
	(): Promise<Record<string, boolean>>;
}

export interface HttpServer {
	readonly url: string;
	close(): Promise<void>;
}

/** The bot's small HTTP endpoint: `GET /healthz` reports the gateway and the database. */
export async function startHttpServer(host: string, port: number, health: HealthProbe): Promise<HttpServer> {
	const server: Server = createServer((request, response) => {
		void (async () => {
			if (request.method === 'GET' && request.url === '/healthz') {
				const checks = await health().catch(() => ({ probe: false }));
				const ok = Object.values(checks).every(Boolean);
				response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ status: ok ? 'ok' : 'degraded', checks }));
				return;
			}
			response.writeHead(404, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ error: 'not found' }));
		})();
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
