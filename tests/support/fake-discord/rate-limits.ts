import { createHash } from 'node:crypto';

/**
 * Discord's rate limits as a bot meets them on every request (topics/rate-limits in discord-api-docs):
 * - per-route buckets, told in `X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket`, counted separately for each
 *   top-level resource in the path (channel id, guild id, webhook id + token);
 * - a global limit of 50 requests per second per bot, which interaction endpoints (callbacks, follow-ups and edits
 *   through the interaction webhook) are not bound by;
 * - a 429 past either, with `retry_after` (seconds, a float) in the JSON body, `Retry-After`, `X-RateLimit-Scope`,
 *   and `X-RateLimit-Global` for the global one;
 * - invalid requests (401, 403, and 429 unless scope "shared") counted toward 10,000 per 10 minutes, past which
 *   Discord bans the IP for a while.
 *
 * Discord publishes no per-route numbers (they are learnt from the headers). The ones here: sending a message is
 * 5 per 5 s per channel (*reported*: the figure Discord's own early docs gave, and what bots still see); every other
 * route gets the fake's own default of 10 per second per resource. Windows are fixed and start at the first request
 * after the previous one ended, as discord.js counts them, on the fake clock.
 */
export interface RouteLimit {
	readonly limit: number;
	readonly windowMs: number;
}

export interface RateLimitConfig {
	/** Requests per second across every route but the interaction endpoints (Discord: 50). */
	readonly globalPerSecond: number;
	/** Sending a message (`POST /channels/:id/messages`), per channel. */
	readonly messageCreate: RouteLimit;
	/** Any other route, per route and top-level resource. */
	readonly defaultRoute: RouteLimit;
}

export const DISCORD_RATE_LIMITS: RateLimitConfig = {
	globalPerSecond: 50,
	messageCreate: { limit: 5, windowMs: 5000 },
	defaultRoute: { limit: 10, windowMs: 1000 }
};

/** Discord's invalid-request ban: this many 401/403/429 answers within the window. */
export const INVALID_REQUEST_LIMIT = { count: 10_000, windowMs: 10 * 60_000 } as const;

export interface RateLimitRequest {
	readonly method: string;
	readonly path: string;
	/** The fake's route template, e.g. `/channels/:channel/messages`. */
	readonly route: string;
	/** An interaction callback or an interaction-webhook route (no bot token): outside the global limit. */
	readonly interactionEndpoint: boolean;
}

export type RateLimitDecision =
	| { readonly allowed: true; readonly headers: Record<string, string> }
	| {
			readonly allowed: false;
			readonly global: boolean;
			readonly retryAfterMs: number;
			readonly headers: Record<string, string>;
			readonly body: Record<string, unknown>;
	  };

interface Window {
	limit: number;
	windowMs: number;
	used: number;
	resetAt: number;
}

/** The buckets, the global window and the invalid-request count of one fake. */
export class RateLimits {
	readonly #config: RateLimitConfig;
	readonly #buckets = new Map<string, Window>();
	readonly #global: Window;
	readonly #invalidAt: number[] = [];
	#invalidTotal = 0;
	#limited = 0;
	enabled: boolean;

	constructor(config: Partial<RateLimitConfig> | false = {}) {
		this.enabled = config !== false;
		this.#config = { ...DISCORD_RATE_LIMITS, ...(config === false ? {} : config) };
		this.#global = { limit: this.#config.globalPerSecond, windowMs: 1000, used: 0, resetAt: 0 };
	}

	/** Counts the request against its bucket and the global limit, or refuses it with Discord's 429. */
	take(request: RateLimitRequest, now: number): RateLimitDecision {
		const { key, bucket, limit } = this.#bucketOf(request);
		const window = this.#window(key, limit, now);
		const headers = (remaining: number): Record<string, string> => ({
			'x-ratelimit-limit': String(window.limit),
			'x-ratelimit-remaining': String(Math.max(0, remaining)),
			'x-ratelimit-reset': (window.resetAt / 1000).toFixed(3),
			'x-ratelimit-reset-after': seconds(window.resetAt - now),
			'x-ratelimit-bucket': bucket
		});
		/** Discord's 429: the global limit (no bucket headers) or the route's bucket (scope "user"). */
		const refuse = (global: boolean, retryAfterMs: number): RateLimitDecision => {
			this.#limited += 1;
			const scope: Record<string, string> = global
				? { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }
				: { ...headers(0), 'x-ratelimit-scope': 'user' };
			return {
				allowed: false,
				global,
				retryAfterMs,
				headers: { 'retry-after': seconds(retryAfterMs), ...scope },
				body: { message: 'You are being rate limited.', retry_after: Number(seconds(retryAfterMs)), global }
			};
		};
		if (!this.enabled) return { allowed: true, headers: headers(window.limit - 1) };
		if (!request.interactionEndpoint) {
			const global = this.#roll(this.#global, now);
			if (global.used >= global.limit) return refuse(true, global.resetAt - now);
		}
		if (window.used >= window.limit) return refuse(false, window.resetAt - now);
		window.used += 1;
		if (!request.interactionEndpoint) this.#global.used += 1;
		return { allowed: true, headers: headers(window.limit - window.used) };
	}

	/** Records an answer: 401, 403 and 429 (but a 429 of scope "shared") are invalid requests. */
	recordAnswer(status: number, scope: string | undefined, now: number): void {
		if (!(status === 401 || status === 403 || (status === 429 && scope !== 'shared'))) return;
		this.#invalidTotal += 1;
		this.#invalidAt.push(now);
		while (this.#invalidAt.length > 0 && (this.#invalidAt[0] ?? now) <= now - INVALID_REQUEST_LIMIT.windowMs) this.#invalidAt.shift();
	}

	/** Invalid requests since the fake started. */
	get invalidTotal(): number {
		return this.#invalidTotal;
	}

	/** Invalid requests within Discord's 10-minute window ending now. */
	invalidInWindow(now: number): number {
		return this.#invalidAt.filter((at) => at > now - INVALID_REQUEST_LIMIT.windowMs).length;
	}

	/** How many requests the limits refused (429s the fake chose, not the injected ones). */
	get refused(): number {
		return this.#limited;
	}

	#bucketOf(request: RateLimitRequest): { key: string; bucket: string; limit: RouteLimit } {
		const messageCreate = request.method === 'POST' && request.route === '/channels/:channel/messages';
		const group = messageCreate ? 'message-create' : `${request.method} ${request.route}`;
		const bucket = createHash('sha1').update(group).digest('hex').slice(0, 16);
		return {
			key: `${bucket}:${majorParameter(request.path)}`,
			bucket,
			limit: messageCreate ? this.#config.messageCreate : this.#config.defaultRoute
		};
	}

	#window(key: string, limit: RouteLimit, now: number): Window {
		let window = this.#buckets.get(key);
		if (!window) {
			window = { limit: limit.limit, windowMs: limit.windowMs, used: 0, resetAt: 0 };
			this.#buckets.set(key, window);
		}
		return this.#roll(window, now);
	}

	#roll(window: Window, now: number): Window {
		if (now >= window.resetAt) {
			window.used = 0;
			window.resetAt = now + window.windowMs;
		}
		return window;
	}
}

/** The top-level resource of a path, which Discord counts separately: channel, guild, or webhook id + token. */
export function majorParameter(path: string): string {
	const webhook = /^\/webhooks\/(\d+\/[^/?]+)/.exec(path);
	if (webhook) return webhook[1] ?? 'global';
	const resource = /^\/(?:channels|guilds|interactions)\/(\d+)/.exec(path);
	return resource?.[1] ?? 'global';
}

function seconds(ms: number): string {
	return (Math.max(0, ms) / 1000).toFixed(3);
}
