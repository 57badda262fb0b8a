import { describe, expect, test } from 'vitest';
import { parseTestimonial } from '../../../src/lib/testimonials/answers.ts';

describe('parseTestimonial', () => {
	test('accepts a full answer', () => {
		expect(parseTestimonial({ rating: ' 9 ', fpsBefore: '180', fpsAfter: '260', feedback: ' Great! ' })).toEqual({
			ok: true,
			answers: { rating: 9, fpsBefore: 180, fpsAfter: 260, feedback: 'Great!' }
		});
	});

	test('FPS and feedback are optional', () => {
		expect(parseTestimonial({ rating: '10', fpsBefore: '', fpsAfter: undefined })).toEqual({ ok: true, answers: { rating: 10, feedback: '' } });
	});

	test.each([
		[{ rating: '11' }, ['rating.out_of_range']],
		[{ rating: '0' }, ['rating.out_of_range']],
		[{ rating: '7.5' }, ['rating.not_a_number']],
		[{ rating: '' }, ['rating.not_a_number']],
		[{ rating: '8', fpsBefore: '1001' }, ['fps.out_of_range']],
		[{ rating: '8', fpsAfter: 'lots' }, ['fps.not_a_number']],
		[{ rating: '8', feedback: 'x'.repeat(1001) }, ['feedback.too_long']]
	])('refuses %j with %j', (raw, errors) => {
		expect(parseTestimonial(raw)).toEqual({ ok: false, errors });
	});
});
