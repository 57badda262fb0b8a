import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AttachmentRecord } from './model.ts';
import type { FakeState } from './state.ts';

/**
 * Signed attachment URLs (reference.mdx, "Signed Attachment CDN URLs"): every URL the API hands out carries `ex`
 * (expiry) and `is` (issue time) as hex Unix seconds and `hm`, a signature; a payload always holds a freshly signed
 * URL. The docs only say "a preset expiry time"; 24 hours is what bots report, and what the fake uses. After `ex` (on
 * the fake clock), or without a valid signature, the file answers 404, as Discord's CDN does.
 */
export const ATTACHMENT_URL_LIFETIME_MS = 24 * 3_600_000;

const secrets = new WeakMap<FakeState, Buffer>();

function secretOf(state: FakeState): Buffer {
	let secret = secrets.get(state);
	if (!secret) {
		secret = randomBytes(32);
		secrets.set(state, secret);
	}
	return secret;
}

function signature(state: FakeState, path: string, ex: string, is: string): string {
	return createHmac('sha256', secretOf(state)).update(`${path}|${ex}|${is}`).digest('hex');
}

/** The URL with `ex`, `is` and `hm` for one lifetime from now (the fake clock's now). */
export function signAttachmentUrl(state: FakeState, url: string): string {
	const parsed = new URL(url);
	for (const key of ['ex', 'is', 'hm']) parsed.searchParams.delete(key);
	const now = Math.floor(state.clock.now() / 1000);
	const is = now.toString(16);
	const ex = (now + ATTACHMENT_URL_LIFETIME_MS / 1000).toString(16);
	parsed.searchParams.set('ex', ex);
	parsed.searchParams.set('is', is);
	parsed.searchParams.set('hm', signature(state, parsed.pathname, ex, is));
	return `${parsed.toString()}&`;
}

export type UrlCheck = 'valid' | 'unsigned' | 'expired' | 'forged';

export function checkAttachmentUrl(state: FakeState, url: URL): UrlCheck {
	const ex = url.searchParams.get('ex');
	const is = url.searchParams.get('is');
	const hm = url.searchParams.get('hm');
	if (!ex || !is || !hm) return 'unsigned';
	const expected = Buffer.from(signature(state, url.pathname, ex, is));
	const given = Buffer.from(hm);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged';
	return Number.parseInt(ex, 16) * 1000 > state.clock.now() ? 'valid' : 'expired';
}

const owners = new WeakMap<AttachmentRecord, FakeState>();

/** Remembers which fake stored the file, so a view of it (without the fake at hand) can carry a signed URL. */
export function registerAttachment(state: FakeState, attachment: AttachmentRecord): void {
	owners.set(attachment, state);
}

/** The attachment's URL signed now, for driver views (unsigned if the fake that stored it is unknown). */
export function viewUrl(attachment: AttachmentRecord): string {
	const state = owners.get(attachment);
	return state ? signAttachmentUrl(state, attachment.url) : attachment.url;
}
