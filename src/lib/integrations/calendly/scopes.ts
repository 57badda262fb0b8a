/**
 * Calendly's authorization scopes (developer.calendly.com, "Authorization Scopes", since 3 March 2026). A personal
 * access token created since then can call nothing until it is given scopes; older tokens keep full access. A `:write`
 * scope includes the `:read` of the same family, and a webhook subscription needs the read scope of the events it
 * delivers (invitee events: `scheduled_events:read`).
 */
export type CalendlyScope = 'users:read' | 'webhooks:read' | 'webhooks:write' | 'scheduled_events:read';

/** What the bot asks of Calendly, and the scope each request needs (each endpoint's "Required scopes"). */
export const SCOPE_OF = {
	'reading the current user': 'users:read',
	'listing webhook subscriptions': 'webhooks:read',
	'creating the webhook subscription': 'webhooks:write',
	'deleting the webhook subscription': 'webhooks:write',
	'listing scheduled events': 'scheduled_events:read',
	'listing the invitees of a scheduled event': 'scheduled_events:read'
} as const satisfies Record<string, CalendlyScope>;

export type CalendlyAction = keyof typeof SCOPE_OF;

/** The scopes to tick when creating the token: users, webhooks (write includes read) and scheduled events. */
export const REQUIRED_SCOPES = ['users:read', 'webhooks:write', 'scheduled_events:read'] as const satisfies readonly CalendlyScope[];

/** One line for messages: `users:read, webhooks:write (includes webhooks:read) and scheduled_events:read`. */
export const REQUIRED_SCOPES_TEXT = 'users:read, webhooks:write (includes webhooks:read) and scheduled_events:read';

const scopePattern = /\b([a-z_]+:(?:read|write))\b/g;

/** The scopes a Calendly error body names (in its message or details), in order, without repeats. */
export function scopesNamedIn(texts: readonly (string | undefined)[]): string[] {
	const found = new Set<string>();
	for (const text of texts) for (const match of (text ?? '').matchAll(scopePattern)) found.add(match[1]!);
	return [...found];
}
