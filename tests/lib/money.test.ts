import { describe, expect, test } from 'vitest';
import { formatAed } from '../../src/lib/money.ts';

describe('formatAed', () => {
	test.each([
		['399.00', 'AED 399'],
		['99.50', 'AED 99.50'],
		[50, 'AED 50'],
		['0.00', 'AED 0'],
		['1234.5', 'AED 1234.50']
	])('%s -> %s', (amount, text) => {
		expect(formatAed(amount)).toBe(text);
	});

	test('refuses what is not an amount', () => {
		expect(() => formatAed('abc')).toThrow();
	});
});
