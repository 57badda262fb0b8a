import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadLimited } from '../../../src/lib/integrations/download.ts';
import { serveFiles } from '../../support/file-server.ts';

describe('downloadLimited', () => {
	let server: Awaited<ReturnType<typeof serveFiles>>;
	beforeAll(async () => {
		server = await serveFiles({
			'/small': { body: new Uint8Array([1, 2, 3]) },
			'/big-declared': { body: new Uint8Array(2048), declaredLength: 2048 },
			'/big-chunked': { body: new Uint8Array(4096) },
			'/gone': { body: new Uint8Array(), status: 404 }
		});
	});
	afterAll(async () => {
		await server.close();
	});

	test('returns the bytes of a file within the limit', async () => {
		expect(await downloadLimited(server.url('/small'), 1024)).toEqual({ ok: true, bytes: new Uint8Array([1, 2, 3]) });
	});

	test('stops at a declared length over the limit', async () => {
		expect(await downloadLimited(server.url('/big-declared'), 1024)).toEqual({ ok: false, reason: 'too_large' });
	});

	test('stops a body that grows past the limit even without a declared length', async () => {
		expect(await downloadLimited(server.url('/big-chunked'), 1024)).toEqual({ ok: false, reason: 'too_large' });
	});

	test('an error status or an unreachable host is "unreachable", never an exception', async () => {
		expect(await downloadLimited(server.url('/gone'), 1024)).toEqual({ ok: false, reason: 'unreachable' });
		expect(await downloadLimited('http://127.0.0.1:1/x', 1024, 2000)).toEqual({ ok: false, reason: 'unreachable' });
	});
});
