import { describe, expect, test } from 'vitest';
import { outboxQueueName } from '../../../src/lib/outbox/queue-name.ts';

const url = 'postgres://postgres:secret@127.0.0.1:5432/fpsos';

describe('the outbox queue name', () => {
	test('is fixed by the database (sha256 of "postgres postgres@127.0.0.1:5432/fpsos"): changing it would strand queued jobs', () => {
		expect(outboxQueueName(url, './data')).toBe('fpsos-6ecb1dbccaf54aa1');
		expect(outboxQueueName('postgresql://bot@db.example.com:6543/postgres', './data')).toBe('fpsos-581b195856f24f09');
	});

	test('leaves out the password, the query string and a written default port', () => {
		expect(outboxQueueName('postgres://postgres:rotated@127.0.0.1/fpsos?sslmode=require', './data')).toBe('fpsos-6ecb1dbccaf54aa1');
	});

	test.each([
		['another database', 'postgres://postgres:secret@127.0.0.1:5432/fpsos_test'],
		['another user', 'postgres://staging:secret@127.0.0.1:5432/fpsos'],
		['another port', 'postgres://postgres:secret@127.0.0.1:5433/fpsos']
	])('%s gets another queue', (_situation, other) => {
		expect(outboxQueueName(other, './data')).not.toBe('fpsos-6ecb1dbccaf54aa1');
	});

	test('the embedded database names its queue by its folder, however the path is written', () => {
		expect(outboxQueueName(undefined, './data')).toBe(outboxQueueName(undefined, `${process.cwd()}/data`));
		expect(outboxQueueName(undefined, './data')).not.toBe(outboxQueueName(undefined, './other-data'));
		expect(outboxQueueName(undefined, './data')).toMatch(/^fpsos-[0-9a-f]{16}$/);
	});

	test('each in-memory database gets a queue of its own', () => {
		expect(outboxQueueName(undefined, 'memory://')).not.toBe(outboxQueueName(undefined, 'memory://'));
	});
});
