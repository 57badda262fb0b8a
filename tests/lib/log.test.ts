import { describe, expect, test } from 'vitest';
import { createLogger, redact } from '../../src/lib/log.ts';
import { fakeToken } from '../support/env.ts';

describe('redact', () => {
	test.each([
		['a bot token', `token ${fakeToken()} leaked`, 'token [redacted] leaked'],
		['database credentials', 'postgres://bot:s3cret@db.example.com:5432/x', 'postgres://[redacted]@db.example.com:5432/x'],
		['an e-mail address', 'invitee jane.doe+cs2@example.com booked', 'invitee [redacted] booked'],
		['a JWT', 'key eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.abcdefghijklmnop', 'key [redacted]']
	])('removes %s', (_what, input, output) => {
		expect(redact(input)).toBe(output);
	});
});

describe('createLogger', () => {
	test('writes one JSON object per line, drops levels below the threshold and redacts fields and errors', () => {
		const lines: string[] = [];
		const logger = createLogger('info', (line) => lines.push(line));
		logger.debug('hidden');
		logger.info('Booked', { email: 'a@b.co', count: 2 });
		logger.error('Failed', { error: new Error(`bad token ${fakeToken()}`) });
		expect(lines).toHaveLength(2);
		const [info, error] = lines.map((line) => JSON.parse(line));
		expect(info).toMatchObject({ level: 'info', msg: 'Booked', email: '[redacted]', count: 2 });
		expect(error.error.message).toBe('bad token [redacted]');
		expect(JSON.stringify(error)).not.toContain(fakeToken());
	});

	test('silent writes nothing', () => {
		const lines: string[] = [];
		createLogger('silent', (line) => lines.push(line)).fatal('x');
		expect(lines).toEqual([]);
	});
});

describe('what is never logged', () => {
	const logged = (fields: Record<string, unknown>, message = 'event'): string => {
		const lines: string[] = [];
		createLogger('trace', (line) => lines.push(line)).info(message, fields);
		return lines.join('\n');
	};

	test('an e-mail nested inside objects and arrays is redacted', () => {
		const line = logged({ result: { invitee: { address: 'nested.person@example.com' }, list: ['other.person+x@mail.example.ae'] } });
		expect(line).not.toContain('@example.com');
		expect(line).not.toContain('mail.example.ae');
		expect(JSON.parse(line).result.invitee.address).toBe('[redacted]');
	});

	test.each(['token', 'email', 'content', 'file', 'body', 'rawBody', 'signingKey', 'password', 'authorization', 'answers'])(
		'a field named %s is dropped whatever it holds',
		(key) => {
			const line = logged({ [key]: 'plain words that match no pattern', nested: { [key]: 42 } });
			expect(line).not.toContain('plain words');
			expect(JSON.parse(line)).toMatchObject({ [key]: '[redacted]', nested: { [key]: '[redacted]' } });
		}
	);

	test("a file's contents quoted by JSON.parse's error are not logged", () => {
		let error: unknown;
		try {
			JSON.parse('hunter2 my private notes about my pc');
		} catch (caught) {
			error = caught;
		}
		const line = logged({ error });
		expect(line).not.toContain('hunter2');
		expect(line).not.toContain('private notes');
		expect(JSON.parse(line).error.message).toBe('Unexpected token: [content redacted] is not valid JSON');
	});

	test('tokens in error causes, Authorization headers and URL credentials (a Sentry DSN) are redacted', () => {
		const token = fakeToken();
		const error = new Error('request failed', { cause: new Error(`401 with Bot ${token}`) });
		const line = logged({ error, header: 'Bearer abcdefghijklmnopqrstuvwxyz012345', dsn2: 'https://0123456789abcdef@o1.ingest.sentry.io/42' });
		expect(line).not.toContain(token);
		expect(line).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
		expect(line).not.toContain('0123456789abcdef@');
		expect(JSON.parse(line).dsn2).toBe('https://[redacted]@o1.ingest.sentry.io/42');
	});

	test('ids, counts and dates stay readable, and a cycle does not break the logger', () => {
		const cyclic: Record<string, unknown> = { booking: '3f0c2a4e-0000-4000-8000-000000000000' };
		cyclic.self = cyclic;
		const parsed = JSON.parse(logged({ member: '100000000000000001', count: 3, at: new Date('2026-01-02T03:04:05Z'), cyclic }));
		expect(parsed).toMatchObject({
			member: '100000000000000001',
			count: 3,
			at: '2026-01-02T03:04:05.000Z',
			cyclic: { booking: '3f0c2a4e-0000-4000-8000-000000000000', self: '[circular]' }
		});
	});
});
