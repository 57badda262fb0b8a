import type { FakeCore } from '../core.ts';
import type { Router } from '../http/router.ts';

export function registerGatewayInfoRoutes(router: Router, core: FakeCore): void {
	router.add('GET', '/gateway/bot', () => ({
		body: {
			url: core.urls.gateway,
			shards: 1,
			session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 }
		}
	}));
	router.add('GET', '/gateway', () => ({ body: { url: core.urls.gateway } }), { auth: false });
}
