import { redact } from '../log.ts';

/**
 * Optional error reporting to Sentry. `@sentry/node` is imported only when SENTRY_DSN is set, so a bot without it
 * loads none of it. Events carry the incident id and kind as tags; messages are redacted like the logs, and no
 * request data or user data is collected.
 */
interface SentryApi {
	captureException(error: unknown, hint?: { tags?: Record<string, string> }): string;
	flush(timeoutMs?: number): Promise<boolean>;
}

let sentry: SentryApi | undefined;

interface RedactableEvent {
	message?: string;
	exception?: { values?: { value?: string }[] };
	breadcrumbs?: { message?: string }[];
	user?: unknown;
	request?: unknown;
}

/** Applied to every event before it leaves the process. */
export function scrubEvent<T extends RedactableEvent>(event: T): T {
	if (event.message) event.message = redact(event.message);
	for (const value of event.exception?.values ?? []) if (value.value) value.value = redact(value.value);
	for (const crumb of event.breadcrumbs ?? []) if (crumb.message) crumb.message = redact(crumb.message);
	delete event.user;
	delete event.request;
	return event;
}

export async function initSentry(dsn: string | undefined, options: { environment?: string; release?: string } = {}): Promise<boolean> {
	if (!dsn) return false;
	const Sentry = await import('@sentry/node');
	Sentry.init({
		dsn,
		environment: options.environment ?? 'production',
		...(options.release ? { release: options.release } : {}),
		// No user data, cookies, headers, bodies or query strings: the bot's HTTP traffic carries tokens and webhooks.
		dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false },
		// Only what error reports need: no HTTP breadcrumbs (Discord's interaction webhook URLs hold tokens), no local
		// variables or source lines (they could hold what a member sent), no auto-instrumentation.
		defaultIntegrations: false,
		integrations: [
			Sentry.eventFiltersIntegration(),
			Sentry.functionToStringIntegration(),
			Sentry.linkedErrorsIntegration(),
			Sentry.dedupeIntegration(),
			Sentry.nodeContextIntegration(),
			Sentry.onUncaughtExceptionIntegration(),
			Sentry.onUnhandledRejectionIntegration()
		],
		beforeSend: (event) => scrubEvent(event),
		beforeBreadcrumb: (crumb) => (crumb.message ? { ...crumb, message: redact(crumb.message) } : crumb)
	});
	sentry = Sentry;
	return true;
}

export function captureUnexpected(error: unknown, tags: { incident: string; kind: string }): void {
	sentry?.captureException(error, { tags });
}

/** Sends what is queued before the process exits. */
export async function flushSentry(timeoutMs = 2_000): Promise<void> {
	await sentry?.flush(timeoutMs);
}
