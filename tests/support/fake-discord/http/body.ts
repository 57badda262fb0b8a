import type { IncomingMessage } from 'node:http';
import { guessContentType } from '../files.ts';

/** A file part of a multipart request (`files[0]`, ...). */
export interface UploadedFile {
	readonly field: string;
	/** n of `files[n]`, which the body's `attachments[].id` refers to. */
	readonly index: number | null;
	readonly name: string;
	readonly contentType: string;
	readonly data: Buffer;
}

export interface ParsedBody {
	readonly json: unknown;
	readonly files: UploadedFile[];
	readonly multipart: boolean;
}

export async function readRaw(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
	return Buffer.concat(chunks);
}

/** JSON, or multipart with `payload_json` and `files[n]` (parsed with the platform's own FormData). */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
	if (raw.byteLength === 0) return { json: undefined, files: [], multipart: false };
	if (contentType?.startsWith('multipart/form-data')) {
		const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
		const files: UploadedFile[] = [];
		let json: Record<string, unknown> | undefined;
		const fields: Record<string, unknown> = {};
		for (const [field, value] of form.entries()) {
			if (typeof value === 'string') {
				if (field === 'payload_json') json = JSON.parse(value) as Record<string, unknown>;
				else fields[field] = value;
				continue;
			}
			const index = /^files\[(\d+)\]$/.exec(field)?.[1];
			const declared = value.type && value.type !== 'application/octet-stream' ? value.type : '';
			files.push({
				field,
				index: index === undefined ? null : Number(index),
				name: value.name,
				contentType: withCharset(declared || guessContentType(value.name)),
				data: Buffer.from(await value.arrayBuffer())
			});
		}
		return { json: json ?? fields, files, multipart: true };
	}
	const text = raw.toString('utf8');
	try {
		return { json: JSON.parse(text) as unknown, files: [], multipart: false };
	} catch {
		return { json: text, files: [], multipart: false };
	}
}

/** Discord reports text uploads as `text/plain; charset=utf-8`, JSON as `application/json; charset=utf-8`. */
function withCharset(contentType: string): string {
	const textual = contentType.startsWith('text/') || contentType === 'application/json';
	return textual && !contentType.includes('charset') ? `${contentType}; charset=utf-8` : contentType;
}
