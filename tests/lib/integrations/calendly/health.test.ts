import { describe, expect, test } from 'vitest';
import { calendlyCallbackUrl } from '../../../../src/lib/integrations/calendly/health.ts';

describe('calendlyCallbackUrl', () => {
	test.each([
		[
			{ CALENDLY_WEBHOOK_URL: 'https://bot.example.com/webhooks/calendly', SUPABASE_URL: 'https://x.supabase.co' },
			'https://bot.example.com/webhooks/calendly'
		],
		[{ SUPABASE_URL: 'https://x.supabase.co/' }, 'https://x.supabase.co/functions/v1/calendly-webhook'],
		[{}, null]
	])('%j -> %s', (env, url) => {
		expect(calendlyCallbackUrl(env)).toBe(url);
	});
});
