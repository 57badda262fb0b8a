import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { captureUnexpected, flushSentry, initSentry, scrubEvent } from '../../../src/lib/ops/sentry.ts';

/** A local stand-in for Sentry's ingest endpoint: records every envelope the SDK sends. */
async function ingestStandIn() {
	const envelopes: string[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks);
			envelopes.push((request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		envelopes,
		dsn: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/42`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

describe('Sentry', () => {
	const closers: (() => Promise<void>)[] = [];
	afterAll(async () => {
		for (const close of closers) await close();
	});

	test('without SENTRY_DSN nothing is set up and capturing is a no-op', async () => {
		expect(await initSentry(undefined)).toBe(false);
		expect(() => captureUnexpected(new Error('x'), { incident: 'ABCD1234', kind: 'command:x:Error' })).not.toThrow();
	});

	test('scrubEvent redacts messages and drops user and request data', () => {
		const event = scrubEvent({
			message: 'for a@b.co',
			exception: { values: [{ value: 'jane@example.com failed' }] },
			user: { id: '1' },
			request: { url: 'x' }
		});
		expect(event).toEqual({ message: 'for [redacted]', exception: { values: [{ value: '[redacted] failed' }] } });
	});

	test('with SENTRY_DSN an unexpected error is sent with its incident id and kind, and without the e-mail in its message', async () => {
		const ingest = await ingestStandIn();
		closers.push(ingest.close);
		expect(await initSentry(ingest.dsn, { environment: 'test' })).toBe(true);
		captureUnexpected(new Error('booking for jane.doe@example.com failed'), { incident: 'ABCD1234', kind: 'command:book:Error' });
		await flushSentry(5_000);
		const sent = ingest.envelopes.join('\n');
		expect(sent).toContain('"incident":"ABCD1234"');
		expect(sent).toContain('"kind":"command:book:Error"');
		expect(sent).toContain('booking for [redacted] failed');
		expect(sent).not.toContain('jane.doe@example.com');
	});
});
