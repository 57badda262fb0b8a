import { describe, expect, test } from 'vitest';
import { isLowRating, ratingBranch } from '../../../src/lib/testimonials/branching.ts';

describe('what a rating leads to', () => {
	test('9-10 promoters, 6 or lower unhappy, 7-8 in between', () => {
		expect([1, 5, 6, 7, 8, 9, 10].map(ratingBranch)).toEqual(['unhappy', 'unhappy', 'unhappy', 'neutral', 'neutral', 'promoter', 'promoter']);
		expect(isLowRating(6)).toBe(true);
		expect(isLowRating(7)).toBe(false);
	});
});
