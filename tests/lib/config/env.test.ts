import { describe, expect, test } from 'vitest';
import { botIdFromToken, describeProblems, parseDatabaseEnv, parseEnv, supabaseServerKey } from '../../../src/lib/config/env.ts';
import { fakeToken } from '../../support/env.ts';

const token = fakeToken();

describe('parseEnv', () => {
	test('only DISCORD_TOKEN is needed: everything else has an embedded default', () => {
		const result = parseEnv({ DISCORD_TOKEN: token });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.env.DATABASE_URL).toBeUndefined();
		expect(result.env.REDIS_URL).toBeUndefined();
		expect(result.env.DEFAULT_LOCALE).toBe('en-US');
		expect(result.env.HTTP_PORT).toBe(8080);
		expect(result.env.DATABASE_CONNECT_TIMEOUT_MS).toBe(5000);
		expect(result.env.DATABASE_STATEMENT_TIMEOUT_MS).toBe(2000);
		expect(result.env.DATABASE_POOL_MAX).toBe(10);
	});

	test('a missing token is named', () => {
		expect(parseEnv({})).toEqual({ ok: false, problems: ['DISCORD_TOKEN is missing'] });
	});

	test('empty strings count as unset', () => {
		expect(parseEnv({ DISCORD_TOKEN: '   ', DATABASE_URL: '' })).toEqual({ ok: false, problems: ['DISCORD_TOKEN is missing'] });
	});

	test.each([
		['DISCORD_TOKEN', 'not-a-token', 'DISCORD_TOKEN does not look like a Discord bot token'],
		['DISCORD_GUILD_ID', '12ab', 'DISCORD_GUILD_ID must be a Discord id (17-20 digits)'],
		['DATABASE_URL', 'mysql://localhost/db', 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
		['REDIS_URL', 'http://localhost', 'REDIS_URL must be a redis:// or rediss:// URL'],
		['DEFAULT_LOCALE', 'fr', 'DEFAULT_LOCALE must be one of en-US, ar'],
		['HTTP_PORT', '70000', 'HTTP_PORT'],
		['DISCORD_CHAT_CHANNEL_IDS', '100000000000000001, nope', 'DISCORD_CHAT_CHANNEL_IDS.1 must be a Discord id (17-20 digits)'],
		['CALENDLY_URL_FULL', 'http://calendly.com/x', 'CALENDLY_URL_FULL must be a https:// URL'],
		['DATABASE_CONNECT_TIMEOUT_MS', '5s', 'DATABASE_CONNECT_TIMEOUT_MS must be a whole number of milliseconds, e.g. 5000'],
		['DATABASE_STATEMENT_TIMEOUT_MS', '10', 'DATABASE_STATEMENT_TIMEOUT_MS must be at least 100 ms'],
		['DATABASE_POOL_MAX', '0', 'DATABASE_POOL_MAX must be at least 1'],
		['DATABASE_POOL_MAX', '500', 'DATABASE_POOL_MAX must be at most 100']
	])('%s=%s is refused with a readable reason', (name, value, problem) => {
		const result = parseEnv({ DISCORD_TOKEN: name === 'DISCORD_TOKEN' ? value : token, [name]: value });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems.join('; ')).toContain(problem);
	});

	test('every bad variable is listed at once', () => {
		const result = parseEnv({ DATABASE_URL: 'nope', FPSOS_LOG_LEVEL: 'loud' });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toHaveLength(3);
		expect(describeProblems(result.problems)).toMatch(
			/^Configuration problem: DISCORD_TOKEN is missing; DATABASE_URL .*; FPSOS_LOG_LEVEL .*\. See \.env\.example\.$/
		);
	});

	test('the Supabase URL and key come together', () => {
		const result = parseEnv({ DISCORD_TOKEN: token, SUPABASE_URL: 'https://abc.supabase.co' });
		expect(result).toEqual({
			ok: false,
			problems: ['SUPABASE_SECRET_KEY (or the legacy SUPABASE_SERVICE_ROLE_KEY) is needed when SUPABASE_URL is set']
		});
	});

	test('a Supabase secret key (sb_secret_...) is accepted beside or instead of the legacy service-role key, and preferred', () => {
		const secret = `sb_secret_${'a'.repeat(32)}`;
		const result = parseEnv({ DISCORD_TOKEN: token, SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_SECRET_KEY: secret });
		expect(result.ok).toBe(true);
		if (result.ok) expect(supabaseServerKey(result.env)).toBe(secret);
		const both = parseEnv({
			DISCORD_TOKEN: token,
			SUPABASE_URL: 'https://abc.supabase.co',
			SUPABASE_SECRET_KEY: secret,
			SUPABASE_SERVICE_ROLE_KEY: 'legacy-jwt-key-0123456789'
		});
		if (both.ok) expect(supabaseServerKey(both.env)).toBe(secret);
		expect(
			parseEnv({ DISCORD_TOKEN: token, SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_SECRET_KEY: 'sb_publishable_abcdefghijklmnop' })
		).toEqual({ ok: false, problems: ['SUPABASE_SECRET_KEY must be a Supabase secret key (sb_secret_...)'] });
	});

	test('channel lists are split on commas', () => {
		const result = parseEnv({ DISCORD_TOKEN: token, DISCORD_CHAT_CHANNEL_IDS: '100000000000000001, 100000000000000002' });
		expect(result.ok && result.env.DISCORD_CHAT_CHANNEL_IDS).toEqual(['100000000000000001', '100000000000000002']);
	});
});

describe('parseDatabaseEnv', () => {
	test('does not need the Discord token', () => {
		expect(parseDatabaseEnv({ DATABASE_URL: 'postgres://localhost/x' }).ok).toBe(true);
	});
});

describe('botIdFromToken', () => {
	test('reads the bot id from the first segment', () => {
		expect(botIdFromToken(fakeToken('123456789012345678'))).toBe('123456789012345678');
	});

	test('returns null when the first segment is not an id', () => {
		expect(botIdFromToken('abc.def.ghi')).toBeNull();
	});
});
