import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the bot asked Discord to create, as the proxy saw it. */
export interface CreatedMessage {
	readonly channelId: string;
	readonly nonce: string | null;
	readonly enforceNonce: boolean;
	/** What the bot was answered: Discord's status, or 'dropped' when the bot never heard back. */
	outcome: number | 'dropped';
	/** Discord returned the message an earlier request with the same nonce had created (enforce_nonce). */
	readonly deduplicated: boolean;
}

export interface DiscordProxy {
	/** Give the bot this as DISCORD_API_URL. */
	readonly apiBase: string;
	readonly created: CreatedMessage[];
	/**
	 * Runs once Discord has created a message and before the bot hears of it; returning 'drop' closes the bot's
	 * connection without an answer (the drill kills the bot here: the message exists, the bot never learns of it).
	 */
	afterCreate: ((message: CreatedMessage, count: number) => 'drop' | undefined) | undefined;
	close(): Promise<void>;
}

const MESSAGE_CREATE = /^\/api\/v10\/channels\/(\d+)\/messages$/;

function readBody(stream: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.once('end', () => resolve(Buffer.concat(chunks)));
		stream.once('error', reject);
	});
}

function parseJson(body: Buffer, contentType: string | undefined): Record<string, unknown> {
	if (!contentType?.startsWith('application/json')) return {};
	try {
		const value: unknown = JSON.parse(body.toString('utf8'));
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/**
 * A loopback proxy in front of the fake Discord's REST API that records every message the bot creates and honours
 * `enforce_nonce` as Discord documents it (a message with the nonce of one the same author created in the past few
 * minutes is not created again; the earlier one is returned), which the fake Discord itself does not do. The gateway
 * URL the fake hands out still points at the fake, so only REST goes through here.
 */
export async function startDiscordProxy(targetHttpBase: string): Promise<DiscordProxy> {
	const target = new URL(targetHttpBase);
	const agent = new Agent({ keepAlive: true });
	const byNonce = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
	const proxy: DiscordProxy = {
		apiBase: '',
		created: [],
		afterCreate: undefined,
		close: async () => {
			server.closeAllConnections();
			agent.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};

	async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
		const body = await readBody(incoming);
		const path = new URL(incoming.url ?? '/', targetHttpBase).pathname;
		const channelId = incoming.method === 'POST' ? MESSAGE_CREATE.exec(path)?.[1] : undefined;
		const json = channelId ? parseJson(body, incoming.headers['content-type']) : {};
		const nonce = typeof json.nonce === 'string' || typeof json.nonce === 'number' ? String(json.nonce) : null;
		const enforceNonce = json.enforce_nonce === true;
		const earlier = channelId && nonce && enforceNonce ? byNonce.get(nonce) : undefined;
		if (channelId && earlier) {
			proxy.created.push({ channelId, nonce, enforceNonce, outcome: earlier.status, deduplicated: true });
			outgoing.writeHead(earlier.status, earlier.headers);
			outgoing.end(earlier.body);
			return;
		}
		const answer = await new Promise<IncomingMessage>((resolve, reject) => {
			const forwarded = request(
				{
					host: target.hostname,
					port: target.port,
					method: incoming.method,
					path: incoming.url,
					headers: { ...incoming.headers, host: target.host },
					agent
				},
				resolve
			);
			forwarded.once('error', reject);
			forwarded.end(body);
		});
		const answerBody = await readBody(answer);
		const headers = Object.fromEntries(Object.entries(answer.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
		const status = answer.statusCode ?? 502;
		if (channelId) {
			const message: CreatedMessage = { channelId, nonce, enforceNonce, outcome: status, deduplicated: false };
			proxy.created.push(message);
			if (status >= 200 && status < 300) {
				if (nonce && enforceNonce) byNonce.set(nonce, { status, headers, body: answerBody });
				if (
					proxy.afterCreate?.(message, proxy.created.filter((entry) => !entry.deduplicated && entry.outcome !== 'dropped').length) ===
					'drop'
				) {
					message.outcome = 'dropped';
					incoming.socket.destroy();
					return;
				}
			}
		}
		outgoing.writeHead(status, headers);
		outgoing.end(answerBody);
	}

	const server = createServer((incoming, outgoing) => {
		handle(incoming, outgoing).catch(() => {
			if (!outgoing.headersSent) outgoing.writeHead(502).end();
			else outgoing.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return Object.assign(proxy, { apiBase: `http://127.0.0.1:${port}/api` });
}
