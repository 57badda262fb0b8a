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

/** A `Request -> Response` handler (Deno.serve, or any fetch-style server) around handleCalendlyDelivery. */
export function calendlyFetchHandler(deps: CalendlyDeps): (request: Request) => Promise<Response> {
	return async (request) => {
		if (request.method !== 'POST') {
			return json({ status: 405, body: { ok: false, error: 'method_not_allowed' } }, { allow: 'POST' });
		}
		const declared = Number(request.headers.get('content-length') ?? 0);
		if (declared > MAX_BODY_BYTES) return json({ status: 413, body: { ok: false, error: 'too_large' } });
		const rawBody = new Uint8Array(await request.arrayBuffer());
		if (rawBody.length > MAX_BODY_BYTES) return json({ status: 413, body: { ok: false, error: 'too_large' } });
		return json(await handleCalendlyDelivery({ rawBody, signatureHeader: request.headers.get(SIGNATURE_HEADER) }, deps));
	};
}
