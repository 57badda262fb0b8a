import { describe, expect, test } from 'vitest';
import { createBookingLinkToken, hashBookingToken, isBookingToken, personalCalendlyUrl } from '../../../src/lib/booking/links.ts';

describe('booking link tokens', () => {
	test('a token is 256 random bits in base64url and comes with its SHA-256 hex', async () => {
		const { token, tokenHash } = await createBookingLinkToken();
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(isBookingToken(token)).toBe(true);
		expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
		expect(tokenHash).toBe(await hashBookingToken(token));
	});

	test('two tokens never repeat', async () => {
		const tokens = await Promise.all(Array.from({ length: 200 }, () => createBookingLinkToken()));
		expect(new Set(tokens.map((entry) => entry.token)).size).toBe(200);
	});

	test('hashing is plain SHA-256 of the token text', async () => {
		expect(await hashBookingToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
	});

	test.each([['short'], ['has spaces in it and is long enough to pass a length check!!'], ['']])('%j is not a token', (value) => {
		expect(isBookingToken(value)).toBe(false);
	});
});

describe('personalCalendlyUrl', () => {
	test('pre-fills the name and carries the token in utm_content with utm_source=discord', () => {
		const url = new URL(personalCalendlyUrl('https://calendly.com/fpsos/full-tune-up', { name: 'Player One', token: 'tok_en-123' }));
		expect(url.origin + url.pathname).toBe('https://calendly.com/fpsos/full-tune-up');
		expect(url.searchParams.get('name')).toBe('Player One');
		expect(url.searchParams.get('utm_source')).toBe('discord');
		expect(url.searchParams.get('utm_content')).toBe('tok_en-123');
	});

	test('keeps the base link query and leaves out an empty name', () => {
		const url = new URL(personalCalendlyUrl('https://calendly.com/fpsos/quick?month=2026-03', { name: '  ', token: 't' }));
		expect(url.searchParams.get('month')).toBe('2026-03');
		expect(url.searchParams.has('name')).toBe(false);
	});

	test('the link reveals no Discord id: only the name and the random token', async () => {
		const { token } = await createBookingLinkToken();
		const link = personalCalendlyUrl('https://calendly.com/fpsos/quick', { name: 'Player', token });
		expect(link).not.toMatch(/\d{17,20}/);
	});

	test('refuses a link that is not https', () => {
		expect(() => personalCalendlyUrl('http://calendly.com/fpsos', { token: 't' })).toThrow(/https/);
	});
});
