import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server serving fixed bodies, optionally lying about their length. */
export async function serveFiles(files: Record<string, { body: Uint8Array; declaredLength?: number; status?: number }>) {
	const server = createServer((request, response) => {
		const file = files[request.url ?? ''];
		if (!file) {
			response.writeHead(404).end();
			return;
		}
		response.writeHead(file.status ?? 200, {
			'content-type': 'application/octet-stream',
			...(file.declaredLength === undefined ? {} : { 'content-length': String(file.declaredLength) })
		});
		// Without a declared length the body goes out chunked, so readers cannot know its size in advance.
		response.write(Buffer.from(file.body));
		response.end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: (path: string) => `http://127.0.0.1:${port}${path}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
