import { describe, expect, test } from 'vitest';
import { transactionPoolerProblem } from '../../../src/lib/data/pooler.ts';

describe('a DATABASE_URL on the transaction pooler', () => {
	test('port 6543 is named, with the session pooler URL to use instead and the password hidden', () => {
		const problem = transactionPoolerProblem('postgres://postgres.abc:s3cret@aws-0-eu-west-1.pooler.supabase.com:6543/postgres');
		expect(problem).toContain('DATABASE_URL uses the transaction pooler (port 6543)');
		expect(problem).toContain('e.g. postgres://postgres.abc:****@aws-0-eu-west-1.pooler.supabase.com:5432/postgres;');
		expect(problem).not.toContain('s3cret');
	});

	test.each([
		['the session pooler', 'postgres://postgres.abc:s3cret@aws-0-eu-west-1.pooler.supabase.com:5432/postgres'],
		['a direct connection without a port', 'postgres://postgres:s3cret@db.abc.supabase.co/postgres'],
		['no URL (the embedded database)', undefined],
		['text that is not a URL', 'not a url']
	])('%s is fine', (_situation, url) => {
		expect(transactionPoolerProblem(url)).toBeNull();
	});
});
