import { describe, expect, test } from 'vitest';
import { discordErrorOf, failureAdvice, type FailureAdvice } from '../../../src/lib/outbox/failure-alert.ts';

describe('what staff are told to do about a notification that failed for good', () => {
	test.each<[string, FailureAdvice]>([
		['Discord 403 50013: Missing Permissions', 'permissions'],
		['Discord 403 50001: Missing Access', 'permissions'],
		['Discord 404 10003: Unknown Channel', 'gone'],
		['Discord 400 10008: Unknown Message', 'gone'],
		['Discord 400 50035: Invalid Form Body', 'rejected'],
		['Discord 503 0: Service Unavailable', 'exhausted'],
		['connect ECONNREFUSED 127.0.0.1:443', 'exhausted'],
		['', 'exhausted']
	])('%j -> %s', (error, advice) => {
		expect(failureAdvice(error)).toBe(advice);
	});

	test('the Discord status and code are read from the recorded error, nothing else', () => {
		expect(discordErrorOf('Discord 403 50013: Missing Permissions')).toEqual({ status: 403, code: 50013 });
		expect(discordErrorOf('timeout after Discord 403 50013')).toBeNull();
	});
});
