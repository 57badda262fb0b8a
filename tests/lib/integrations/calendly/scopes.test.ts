import { describe, expect, test } from 'vitest';
import { REQUIRED_SCOPES, REQUIRED_SCOPES_TEXT, SCOPE_OF, scopesNamedIn } from '../../../../src/lib/integrations/calendly/scopes.ts';

describe('Calendly scopes', () => {
	test('the scopes named in an error body, in order, once each; undefined texts and other words skipped', () => {
		expect(
			scopesNamedIn([
				'Missing scopes: webhooks:write and users:read',
				undefined,
				'details: webhooks:write required; see https://developer.calendly.com (scheduled_events:read)'
			])
		).toEqual(['webhooks:write', 'users:read', 'scheduled_events:read']);
		expect(scopesNamedIn(['Not Found', undefined])).toEqual([]);
	});

	test('the scopes to tick cover every request the bot makes (a write scope includes its read)', () => {
		const covered = new Set<string>(REQUIRED_SCOPES.flatMap((scope) => [scope, scope.replace(':write', ':read')]));
		expect(Object.values(SCOPE_OF).filter((scope) => !covered.has(scope))).toEqual([]);
		expect(REQUIRED_SCOPES_TEXT).toBe('users:read, webhooks:write (includes webhooks:read) and scheduled_events:read');
	});
});
