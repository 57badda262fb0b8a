import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { checkAttachmentUrl } from '../attachment-urls.ts';
import type { FakeCore } from '../core.ts';
import { parseBody, readRaw } from './body.ts';
import { DiscordErrors, HttpError } from './errors.ts';
import type { Fault } from './faults.ts';
import type { RouteResponse, Router } from './router.ts';
import { summarizeBody } from './summary.ts';

const API_PREFIX = '/api/v10';
/** Interaction tokens are long; reasons and the transcript show `:token` instead. */
const TOKEN_SEGMENT = /\/fake\.[\w-]+\.[\w-]+/;

/** Serves `/api/v10/...` from the router, `/attachments/...` from stored files; everything else is a recorded gap. */
export async function handleHttp(core: FakeCore, router: Router, request: IncomingMessage, response: ServerResponse): Promise<void> {
	const method = request.method ?? 'GET';
	const url = new URL(request.url ?? '/', core.urls.http);
	core.network.delayAnswer(response);
	try {
		if (url.pathname.startsWith('/attachments/') && (method === 'GET' || method === 'HEAD')) {
			serveAttachment(core, url, method, response);
			return;
		}
		const raw = await readRaw(request);
		await core.network.arrival();
		response.once('finish', () => core.rateLimits.recordAnswer(response.statusCode, header(response, 'x-ratelimit-scope'), core.clock.now()));
		if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
			const label = `${method} ${url.pathname}`;
			core.recordViolation('unsupported-route', `unsupported route ${label} (the fake serves API v10 under /api/v10)`, label);
			send(response, 404, DiscordErrors.notFound().body);
			return;
		}
		const path = url.pathname.slice(API_PREFIX.length);
		const label = `${method} ${path.replace(TOKEN_SEGMENT, '/:token')}`;
		const match = router.match(method, path);
		if (!match) {
			core.recordViolation('unsupported-route', `unsupported route ${label}`, label);
			core.transcript.add('bot', `${label} → 404 (unsupported by the fake)`);
			send(response, 404, DiscordErrors.notFound().body);
			return;
		}
		const fault = core.faults.take(method, path, match.template);
		if (fault && fault.kind !== 'lost-answer') {
			answerFault(core, response, fault, label, match.template);
			return;
		}
		if (match.options.auth !== false && request.headers.authorization !== `Bot ${core.bot.token}`) {
			core.recordViolation('unauthorized', `${label} without the bot token in Authorization (401)`, label);
			send(response, 401, DiscordErrors.unauthorized().body);
			return;
		}
		const limit = core.rateLimits.take(
			{ method, path, route: match.template, interactionEndpoint: match.options.auth === false },
			core.clock.now()
		);
		if (!limit.allowed) {
			core.transcript.add(
				'bot',
				`${label}${context(core, path)} → 429 (${limit.global ? 'global rate limit' : 'rate limit'}, retry after ${(limit.retryAfterMs / 1000).toFixed(3)}s)`
			);
			send(response, 429, limit.body, limit.headers);
			return;
		}
		const body = await parseBody(raw, request.headers['content-type']);
		const summary = summarizeBody(body.json, body.files);
		let result: RouteResponse;
		try {
			result = await match.handler({
				method,
				path,
				route: match.template,
				label,
				params: match.params,
				query: url.searchParams,
				json: body.json,
				files: body.files,
				headers: request.headers
			});
		} catch (error) {
			if (!(error instanceof HttpError)) throw error;
			core.transcript.add(
				'bot',
				`${label}${context(core, path)} → ${error.status} ${String(error.body.code)} ${String(error.body.message)}${summary ? ` | ${summary}` : ''}`
			);
			if (error.violation) core.recordViolation(error.violation.kind, error.violation.reason, label);
			send(response, error.status, error.body, limit.headers);
			return;
		}
		const status = result.status ?? (result.body === undefined ? 204 : 200);
		core.transcript.add('bot', `${label}${context(core, path)} → ${status}${summary ? ` | ${summary}` : ''}`);
		if (fault?.kind === 'lost-answer') {
			core.transcript.add('bot', `${label} → the answer was lost on the way back: the bot gets ${fault.status}`);
			send(response, fault.status, { message: `${fault.status}: Bad Gateway`, code: 0 });
			return;
		}
		send(response, status, result.body, limit.headers);
	} catch (error) {
		const label = `${method} ${url.pathname}`;
		const detail = error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 3).join(' | ') : String(error);
		core.recordViolation('fake-internal-error', `the fake Discord failed on ${label}: ${detail}`, label);
		if (!response.headersSent) send(response, 500, { message: '500: Internal Server Error (fake Discord bug)', code: 0 });
	}
}

function answerFault(
	core: FakeCore,
	response: ServerResponse,
	fault: Exclude<Fault, { kind: 'lost-answer' }>,
	label: string,
	template: string
): void {
	if (fault.kind === 'fail') {
		core.transcript.add('bot', `${label} → ${fault.status} (injected failure)`);
		send(response, fault.status, { message: `${fault.status}: injected by fake Discord`, code: 0 }, { 'x-ratelimit-bucket': bucket(template) });
		return;
	}
	const seconds = fault.retryAfterMs / 1000;
	core.transcript.add('bot', `${label} → 429 (injected ${fault.global ? 'global ' : ''}rate limit, retry after ${seconds}s)`);
	const headers: Record<string, string> = {
		'retry-after': String(seconds),
		'x-ratelimit-limit': '5',
		'x-ratelimit-remaining': '0',
		'x-ratelimit-reset': ((Date.now() + fault.retryAfterMs) / 1000).toFixed(3),
		'x-ratelimit-reset-after': seconds.toFixed(3),
		'x-ratelimit-bucket': bucket(template),
		'x-ratelimit-scope': fault.global ? 'global' : 'user'
	};
	if (fault.global) headers['x-ratelimit-global'] = 'true';
	send(response, 429, { message: 'You are being rate limited.', retry_after: seconds, global: fault.global, code: 0 }, headers);
}

/** A stored file, when the URL is signed and not expired on the fake clock; otherwise 404, as Discord's CDN answers. */
function serveAttachment(core: FakeCore, url: URL, method: string, response: ServerResponse): void {
	const id = url.pathname.split('/')[3] ?? '';
	const attachment = core.state.attachments.get(id);
	const check = checkAttachmentUrl(core.state, url);
	if (!attachment || check !== 'valid') {
		core.transcript.add('fake', `GET ${url.pathname} → 404 (${attachment ? `${check} link` : 'no such file'})`);
		response.writeHead(404, { 'content-type': 'text/plain' }).end('This content is no longer available.');
		return;
	}
	response.writeHead(200, { 'content-type': attachment.contentType, 'content-length': String(attachment.size) });
	response.end(method === 'HEAD' ? undefined : attachment.data);
}

function header(response: ServerResponse, name: string): string | undefined {
	const value = response.getHeader(name);
	return typeof value === 'string' ? value : undefined;
}

function bucket(template: string): string {
	return createHash('sha1').update(template).digest('hex').slice(0, 16);
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	if (status === 204 || body === undefined) {
		response.writeHead(status, headers).end();
		return;
	}
	const text = JSON.stringify(body);
	response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

/** " (#general)" or " (/diagnostic)" after a route in the transcript. */
function context(core: FakeCore, path: string): string {
	const segments = path.split('/');
	if (segments[1] === 'interactions') return labelOf(core.interactions.byId(segments[2] ?? '')?.label);
	if (segments[1] === 'webhooks') return labelOf(core.interactions.byToken(segments[3] ?? '')?.label);
	if (segments[1] === 'channels' && segments[2]) return ` (${core.describeChannel(segments[2])})`;
	return '';
}

function labelOf(label: string | undefined): string {
	return label ? ` (${label})` : '';
}
