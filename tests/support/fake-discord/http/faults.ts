import { escapeRegExp } from './router.ts';

/** Which requests a fault applies to: `'POST /channels/:id/messages'`, `/\/messages$/`, or a predicate. */
export type RouteMatcher = string | RegExp | ((request: { method: string; path: string; route: string }) => boolean);

export interface RateLimitOptions {
	/** How long discord.js must wait, in ms (sent as `retry_after` seconds, a float). */
	retryAfterMs: number;
	/** A global rate limit (`X-RateLimit-Global`, scope "global") instead of a per-route one. */
	global?: boolean;
	/** How many matching requests get the 429 (default 1). */
	times?: number;
}

export interface FailOptions {
	/** How many matching requests fail (default 1). */
	times?: number;
}

export type Fault =
	| { readonly kind: 'rate-limit'; readonly retryAfterMs: number; readonly global: boolean }
	| { readonly kind: 'fail'; readonly status: number }
	/** Discord does the work, but its answer is lost on the way back: the bot gets `status` (a proxy's 502). */
	| { readonly kind: 'lost-answer'; readonly status: number };

interface PendingFault {
	readonly test: (method: string, path: string, route: string) => boolean;
	readonly fault: Fault;
	remaining: number;
}

/** Queued 429s and 5xx answers for the next matching requests. */
export class FaultInjector {
	readonly #pending: PendingFault[] = [];

	rateLimitNext(matcher: RouteMatcher, options: RateLimitOptions): void {
		const fault: Fault = { kind: 'rate-limit', retryAfterMs: options.retryAfterMs, global: options.global ?? false };
		this.#pending.push({ test: compile(matcher), fault, remaining: options.times ?? 1 });
	}

	failNext(matcher: RouteMatcher, status: number, options: FailOptions = {}): void {
		if (status < 400 || status > 599) throw new RangeError(`failNext() needs a 4xx/5xx status, got ${status}`);
		this.#pending.push({ test: compile(matcher), fault: { kind: 'fail', status }, remaining: options.times ?? 1 });
	}

	/** The next matching request is carried out, then answered with a 502 as if the answer had been lost. */
	loseAnswerNext(matcher: RouteMatcher, options: FailOptions = {}): void {
		this.#pending.push({ test: compile(matcher), fault: { kind: 'lost-answer', status: 502 }, remaining: options.times ?? 1 });
	}

	/** The fault for this request, if one is queued (consumes it). */
	take(method: string, path: string, route: string): Fault | null {
		const index = this.#pending.findIndex((pending) => pending.test(method, path, route));
		const pending = this.#pending[index];
		if (!pending) return null;
		pending.remaining -= 1;
		if (pending.remaining <= 0) this.#pending.splice(index, 1);
		return pending.fault;
	}

	clear(): void {
		this.#pending.length = 0;
	}
}

function compile(matcher: RouteMatcher): (method: string, path: string, route: string) => boolean {
	if (typeof matcher === 'function') return (method, path, route) => matcher({ method, path, route });
	if (matcher instanceof RegExp) return (method, path) => matcher.test(path) || matcher.test(`${method} ${path}`);
	const found = /^([A-Z]+)\s+(.*)$/.exec(matcher.trim());
	const method = found?.[1] ?? null;
	const template = (found?.[2] ?? matcher.trim()).replace(/^\/api\/v\d+/, '');
	const pattern = new RegExp(
		`^${template
			.split('/')
			.map((segment) => (segment.startsWith(':') || segment === '*' ? '[^/]+' : escapeRegExp(segment)))
			.join('/')}/?$`
	);
	return (requestMethod, path, route) => (method === null || method === requestMethod) && (pattern.test(path) || template === route);
}
