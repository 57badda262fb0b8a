import { extname } from 'node:path';

/** A file a fake member uploads (slash command attachment option, message attachment, modal file upload). */
export interface FakeFile {
	readonly name: string;
	readonly data: Buffer;
	readonly contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
	'.txt': 'text/plain; charset=utf-8',
	'.log': 'text/plain; charset=utf-8',
	'.csv': 'text/csv; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.html': 'text/html; charset=utf-8',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.pdf': 'application/pdf',
	'.zip': 'application/zip',
	'.mp4': 'video/mp4',
	'.nfo': 'text/plain; charset=utf-8',
	'.dxdiag': 'text/plain; charset=utf-8'
};

export function guessContentType(filename: string): string {
	return CONTENT_TYPES[extname(filename).toLowerCase()] ?? 'application/octet-stream';
}

/** Builds a file for a member to upload: `fakeFile('dxdiag.txt', 'System Information ...')`. */
export function fakeFile(name: string, content: string | Uint8Array, contentType?: string): FakeFile {
	const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
	return { name, data, contentType: contentType ?? guessContentType(name) };
}
