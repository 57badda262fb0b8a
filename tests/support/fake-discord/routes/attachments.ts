import type { FakeCore } from '../core.ts';
import { HttpError } from '../http/errors.ts';
import type { Router } from '../http/router.ts';
import { signAttachmentUrl } from '../attachment-urls.ts';
import { objectBody } from './helpers.ts';

/** `POST /attachments/refresh-urls`: fresh signatures for attachment URLs the fake issued (expired ones included). */
export function registerAttachmentRoutes(router: Router, core: FakeCore): void {
	router.add('POST', '/attachments/refresh-urls', ({ json, label }) => {
		const urls = objectBody(json, label).attachment_urls;
		if (!Array.isArray(urls) || urls.length === 0 || urls.length > 50) {
			throw new HttpError(
				400,
				{ code: 50035, message: 'Invalid Form Body' },
				{ kind: 'invalid-body', reason: `${label}: attachment_urls must list 1-50 URLs` }
			);
		}
		const refreshed = urls.map(String).flatMap((original) => {
			const parsed = URL.canParse(original) ? new URL(original) : null;
			const id = parsed?.pathname.split('/')[3] ?? '';
			return parsed && parsed.origin === core.urls.http && core.state.attachments.has(id)
				? [{ original, refreshed: signAttachmentUrl(core.state, original) }]
				: [];
		});
		return { body: { refreshed_urls: refreshed } };
	});
}
