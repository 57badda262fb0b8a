import type { IncomingHttpHeaders } from 'node:http';
import type { UploadedFile } from './body.ts';

export interface RouteRequest {
	readonly method: string;
	/** Path after `/api/v10`, e.g. `/channels/123/messages`. */
	readonly path: string;
	/** The route template that matched, e.g. `/channels/:channel/messages`. */
	readonly route: string;
	/** `METHOD /path`, for reasons and the transcript. */
	readonly label: string;
	readonly params: Readonly<Record<string, string>>;
	readonly query: URLSearchParams;
	readonly json: unknown;
	readonly files: readonly UploadedFile[];
	readonly headers: IncomingHttpHeaders;
}

export interface RouteResponse {
	readonly status?: number;
	readonly body?: unknown;
}

export type RouteHandler = (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;

export interface RouteOptions {
	/** Needs `Authorization: Bot <token>` (false for interaction callbacks and webhook routes). */
	readonly auth?: boolean;
}

interface RouteEntry {
	readonly method: string;
	readonly template: string;
	readonly pattern: RegExp;
	readonly names: readonly string[];
	readonly literals: number;
	readonly handler: RouteHandler;
	readonly options: RouteOptions;
}

export interface RouteMatch {
	readonly template: string;
	readonly params: Record<string, string>;
	readonly handler: RouteHandler;
	readonly options: RouteOptions;
}

/** A tiny method + path-template router; literal segments win over parameters (`/users/@me` over `/users/:user`). */
export class Router {
	readonly #routes: RouteEntry[] = [];

	add(method: string, template: string, handler: RouteHandler, options: RouteOptions = {}): void {
		const names: string[] = [];
		let literals = 0;
		const source = template
			.split('/')
			.map((segment) => {
				if (segment.startsWith(':')) {
					names.push(segment.slice(1));
					return '([^/]+)';
				}
				if (segment.length > 0) literals += 1;
				return escapeRegExp(segment);
			})
			.join('/');
		this.#routes.push({ method, template, pattern: new RegExp(`^${source}/?$`), names, literals, handler, options });
	}

	match(method: string, path: string): RouteMatch | null {
		let best: { entry: RouteEntry; values: string[] } | null = null;
		for (const entry of this.#routes) {
			if (entry.method !== method) continue;
			const found = entry.pattern.exec(path);
			if (!found) continue;
			if (!best || entry.literals > best.entry.literals) best = { entry, values: found.slice(1) };
		}
		if (!best) return null;
		const params: Record<string, string> = {};
		best.entry.names.forEach((name, index) => {
			params[name] = decodeURIComponent(best.values[index] ?? '');
		});
		return { template: best.entry.template, params, handler: best.entry.handler, options: best.entry.options };
	}
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
