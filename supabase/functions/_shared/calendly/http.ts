import { concatBytes } from '../bytes.ts';
import { handleCalendlyDelivery, type CalendlyDeps, type CalendlyResult } from './handler.ts';
import { SIGNATURE_HEADER } from './signature.ts';

/** Calendly's payloads are a few kilobytes; anything far larger is not a delivery. */
export const MAX_BODY_BYTES = 256 * 1024;

function json(result: CalendlyResult | { status: number; body: unknown }, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(result.body), {
		status: result.status,
		headers: { 'content-type': 'application/json; charset=utf-8', ...headers }
	});
}

/**
 * The body's bytes, or null as soon as it passes `limit`: a chunked request (no Content-Length) is read chunk by chunk
 * and the stream cancelled past the limit, so an endless body costs at most `limit` bytes of memory.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > limit) {
			await reader.cancel().catch(() => undefined);
			return null;
		}
		chunks.push(value);
	}
	return concatBytes(...chunks);
}

/**
 * A `Request -> Response` handler around handleCalendlyDelivery: what the Edge Function serves (Deno.serve) and what
 * the bot mounts at /webhooks/calendly, so both answer with the same status codes and bodies. Refusals that cost
 * nothing come first: another method (405), a declared or actual body over MAX_BODY_BYTES (413), then the signature
 * (timestamp before any HMAC, at most a few v1 values).
 */
export function calendlyFetchHandler(deps: CalendlyDeps): (request: Request) => Promise<Response> {
	return async (request) => {
		if (request.method !== 'POST') {
			return json({ status: 405, body: { ok: false, error: 'method_not_allowed' } }, { allow: 'POST' });
		}
		const declared = Number(request.headers.get('content-length') ?? 0);
		if (declared > MAX_BODY_BYTES) return json({ status: 413, body: { ok: false, error: 'too_large' } });
		const rawBody = await readBodyWithin(request, MAX_BODY_BYTES);
		if (!rawBody) return json({ status: 413, body: { ok: false, error: 'too_large' } });
		return json(await handleCalendlyDelivery({ rawBody, signatureHeader: request.headers.get(SIGNATURE_HEADER) }, deps));
	};
}
