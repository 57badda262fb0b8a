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
