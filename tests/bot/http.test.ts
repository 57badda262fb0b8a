import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/bot/http.ts';
import { calendlyFetchHandler } from '../../supabase/functions/_shared/calendly/index.ts';
import { endlessBody, webhookContract } from '../../supabase/functions/_shared/fixtures/webhook-contract.ts';

const KEY = 'bot-endpoint-signing-key-0123456789';

/** Sends one case with node:http, so that a chunked body really goes out without a Content-Length. */
function send(
	url: string,
	method: string,
	headers: Record<string, string>,
	body: Uint8Array | 'endless' | null
): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
	return new Promise((resolve, reject) => {
		const outgoing = httpRequest(url, { method, headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
			);
		});
		// A server that answers before reading the whole body closes the connection: writing may fail after the answer.
		outgoing.on('error', (error) => setTimeout(() => reject(error), 1_000));
		if (body === 'endless') Readable.fromWeb(endlessBody() as never).pipe(outgoing);
		else outgoing.end(body ?? undefined);
	});
}

/**
 * The bot's /webhooks/calendly mounts the Edge Function's fetch handler: same refusals, same bodies; only a signature
 * mismatch reaches the database (to be counted), and its 401 stands when the database refuses.
 */
describe('the bot webhook endpoint answers as the Edge Function does', () => {
	let server: HttpServer;
	let touched = 0;
	const db = {
		query: () => {
			touched += 1;
			return Promise.reject(new Error('a refused request reached the database'));
		}
	};
	beforeAll(async () => {
		server = await startHttpServer('127.0.0.1', 0, { health: {}, calendly: calendlyFetchHandler({ db, signingKey: KEY }) });
	});
	afterAll(async () => {
		await server?.close();
	});

	test('every case of the shared contract', async () => {
		const contract = await webhookContract(KEY);
		for (const entry of contract) {
			const answer = await send(`${server.url}/webhooks/calendly`, entry.method, entry.headers, entry.body);
			expect({ name: entry.name, status: answer.status, body: answer.body }).toEqual({
				name: entry.name,
				status: entry.status,
				body: entry.answer
			});
			if (entry.status === 405) expect(answer.headers.allow).toBe('POST');
		}
		expect(touched).toBe(contract.filter((entry) => entry.counted).length);
	});
});
