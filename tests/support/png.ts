import { crc32, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface PngInfo {
	width: number;
	height: number;
	colourType: number;
	/** The decompressed scanlines (one filter byte per row, then the pixels). */
	scanlines: Buffer;
}

/**
 * Reads a PNG the way a decoder would and throws at the first thing that is wrong: the signature, a chunk's length
 * or CRC, IHDR first and IEND last, and image data that inflates to exactly the rows IHDR announces (8-bit depth).
 */
export function readPng(bytes: Uint8Array): PngInfo {
	const buffer = Buffer.from(bytes);
	if (!buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
	let offset = 8;
	const chunks: { type: string; data: Buffer }[] = [];
	while (offset < buffer.length) {
		if (offset + 12 > buffer.length) throw new Error('truncated chunk header');
		const length = buffer.readUInt32BE(offset);
		const type = buffer.toString('latin1', offset + 4, offset + 8);
		const end = offset + 12 + length;
		if (end > buffer.length) throw new Error(`chunk ${type} runs past the end`);
		const data = buffer.subarray(offset + 8, offset + 8 + length);
		if (crc32(buffer.subarray(offset + 4, offset + 8 + length)) !== buffer.readUInt32BE(offset + 8 + length))
			throw new Error(`chunk ${type} has a bad CRC`);
		chunks.push({ type, data });
		offset = end;
	}
	if (chunks[0]?.type !== 'IHDR') throw new Error('IHDR is not the first chunk');
	if (chunks.at(-1)?.type !== 'IEND') throw new Error('IEND is not the last chunk');
	const header = chunks[0].data;
	const width = header.readUInt32BE(0);
	const height = header.readUInt32BE(4);
	const depth = header[8]!;
	const colourType = header[9]!;
	if (depth !== 8 || !(colourType in CHANNELS)) throw new Error(`unexpected depth ${depth} / colour type ${colourType}`);
	const scanlines = inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)));
	const expected = height * (1 + width * CHANNELS[colourType]!);
	if (scanlines.length !== expected) throw new Error(`image data is ${scanlines.length} bytes, expected ${expected}`);
	return { width, height, colourType, scanlines };
}

/** The image as RGBA pixels (8-bit RGBA or RGB PNGs), its scanline filters undone as a decoder does. */
export function readPixels(bytes: Uint8Array): { width: number; height: number; rgba(x: number, y: number): [number, number, number, number] } {
	const info = readPng(bytes);
	const channels = CHANNELS[info.colourType]!;
	if (channels !== 4 && channels !== 3) throw new Error(`colour type ${info.colourType} is not RGB(A)`);
	const stride = info.width * channels;
	const out = Buffer.alloc(info.height * stride);
	for (let y = 0; y < info.height; y += 1) {
		const filter = info.scanlines[y * (stride + 1)]!;
		const row = info.scanlines.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		for (let i = 0; i < stride; i += 1) {
			const left = i >= channels ? out[y * stride + i - channels]! : 0;
			const up = y > 0 ? out[(y - 1) * stride + i]! : 0;
			const upLeft = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
			const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
			if (predictor === undefined) throw new Error(`unknown filter ${filter} on row ${y}`);
			out[y * stride + i] = (row[i]! + predictor) & 0xff;
		}
	}
	return {
		width: info.width,
		height: info.height,
		rgba: (x, y) => {
			const at = y * stride + x * channels;
			return [out[at]!, out[at + 1]!, out[at + 2]!, channels === 4 ? out[at + 3]! : 255];
		}
	};
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
