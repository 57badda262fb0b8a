/**
 * Downloads an attachment with a hard size limit: the transfer stops as soon as it passes `maxBytes`, whatever the
 * server claimed. Never throws.
 */
export type Download = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too_large' | 'unreachable' };

export async function downloadLimited(url: string, maxBytes: number, timeoutMs = 10_000): Promise<Download> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
		if (!response.ok || !response.body) return { ok: false, reason: 'unreachable' };
		const declared = Number(response.headers.get('content-length'));
		if (Number.isFinite(declared) && declared > maxBytes) {
			await response.body.cancel();
			return { ok: false, reason: 'too_large' };
		}
		const chunks: Uint8Array[] = [];
		let total = 0;
		for await (const chunk of response.body) {
			total += chunk.byteLength;
			if (total > maxBytes) return { ok: false, reason: 'too_large' };
			chunks.push(chunk);
		}
		const bytes = new Uint8Array(total);
		let offset = 0;
		for (const chunk of chunks) {
			bytes.set(chunk, offset);
			offset += chunk.byteLength;
		}
		return { ok: true, bytes };
	} catch {
		return { ok: false, reason: 'unreachable' };
	}
}
