import { concatBytes, fromHex, toHex, utf8 } from '../bytes.ts';

/**
 * Calendly-Webhook-Signature: `t=<unix seconds>,v1=<hex>` where v1 = hex(HMAC-SHA256(signing key, `${t}.${raw body}`)),
 * computed over the raw request bytes. Checked with crypto.subtle.verify (a constant-time comparison) and a clock
 * tolerance of 3 minutes either way.
 */
export const SIGNATURE_HEADER = 'Calendly-Webhook-Signature';
export const SIGNATURE_TOLERANCE_SECONDS = 180;
/** More v1 values than this is not a key rotation but someone making us compute HMACs: refused as malformed. */
export const MAX_SIGNATURES = 3;
/** `t=` plus MAX_SIGNATURES `v1=` values with separators and some spaces fit well within this. */
const MAX_HEADER_LENGTH = 512;

export type SignatureFailure = 'missing' | 'malformed' | 'mismatch' | 'stale';
export type SignatureVerdict = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

export interface ParsedSignature {
	timestamp: number;
	/** Every v1 value (more than one while a signing key is being rotated). */
	signatures: Uint8Array<ArrayBuffer>[];
}

/** Parses the header; null when it is not `t=<digits>` plus one to MAX_SIGNATURES 64-hex-digit `v1` values. */
export function parseSignatureHeader(header: string): ParsedSignature | null {
	let timestamp: number | null = null;
	const signatures: Uint8Array<ArrayBuffer>[] = [];
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator < 0) continue;
		const name = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (name === 't') {
			if (!/^\d{1,12}$/.test(value)) return null;
			timestamp = Number(value);
		} else if (name === 'v1') {
			const bytes = value.length === 64 ? fromHex(value) : null;
			if (!bytes || signatures.length >= MAX_SIGNATURES) return null;
			signatures.push(bytes);
		}
	}
	return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/** CryptoKey, spelled so that Node's types (no DOM lib) and Deno's agree. */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const keys = new Map<string, Promise<HmacKey>>();

function hmacKey(signingKey: string): Promise<HmacKey> {
	let key = keys.get(signingKey);
	if (!key) {
		if (keys.size >= 8) keys.clear();
		key = crypto.subtle.importKey('raw', utf8(signingKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
		keys.set(signingKey, key);
	}
	return key;
}

function signedMessage(timestamp: number, rawBody: Uint8Array): Uint8Array<ArrayBuffer> {
	return concatBytes(utf8(`${timestamp}.`), rawBody);
}

export async function verifyCalendlySignature(
	rawBody: Uint8Array,
	header: string | null | undefined,
	signingKey: string,
	now: Date,
	toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS
): Promise<SignatureVerdict> {
	if (!header?.trim()) return { ok: false, reason: 'missing' };
	if (header.length > MAX_HEADER_LENGTH) return { ok: false, reason: 'malformed' };
	const parsed = parseSignatureHeader(header);
	if (!parsed) return { ok: false, reason: 'malformed' };
	// The timestamp first: a stale or future header costs no HMAC.
	if (Math.abs(now.getTime() / 1000 - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
	const key = await hmacKey(signingKey);
	const message = signedMessage(parsed.timestamp, rawBody);
	let authentic = false;
	for (const signature of parsed.signatures) {
		if (await crypto.subtle.verify('HMAC', key, signature, message)) {
			authentic = true;
			break;
		}
	}
	if (!authentic) return { ok: false, reason: 'mismatch' };
	return { ok: true, timestamp: parsed.timestamp };
}

/** The header Calendly would send for this body at `timestamp` (for tests, benchmarks and local tooling). */
export async function signCalendlyBody(rawBody: Uint8Array | string, signingKey: string, timestamp: number): Promise<string> {
	const body = typeof rawBody === 'string' ? utf8(rawBody) : rawBody;
	const mac = await crypto.subtle.sign('HMAC', await hmacKey(signingKey), signedMessage(timestamp, body));
	return `t=${timestamp},v1=${toHex(new Uint8Array(mac))}`;
}
