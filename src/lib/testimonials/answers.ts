import { z } from 'zod';

/**
 * The testimonial form: rating 1-10 (required), FPS before and after (whole numbers 1-1000, optional: not every
 * member measured), feedback up to 1000 characters. Error messages are locale keys under `followups:testimonial.errors`.
 */
const optionalWholeNumber = (field: string) =>
	z
		.string()
		.trim()
		.transform((value) => (value === '' ? undefined : value))
		.pipe(
			z
				.string()
				.regex(/^\d{1,4}$/, { message: `${field}.not_a_number` })
				.transform(Number)
				.pipe(
					z
						.number()
						.min(1, { message: `${field}.out_of_range` })
						.max(1000, { message: `${field}.out_of_range` })
				)
				.optional()
		);

export const testimonialSchema = z.object({
	rating: z
		.string()
		.trim()
		.regex(/^\d{1,2}$/, { message: 'rating.not_a_number' })
		.transform(Number)
		.pipe(z.number().min(1, { message: 'rating.out_of_range' }).max(10, { message: 'rating.out_of_range' })),
	fpsBefore: optionalWholeNumber('fps'),
	fpsAfter: optionalWholeNumber('fps'),
	feedback: z.string().trim().max(1000, { message: 'feedback.too_long' }).default('')
});
export type TestimonialAnswers = z.output<typeof testimonialSchema>;

export function parseTestimonial(
	raw: Record<string, string | undefined>
): { ok: true; answers: TestimonialAnswers } | { ok: false; errors: string[] } {
	const result = testimonialSchema.safeParse({
		rating: raw.rating ?? '',
		fpsBefore: raw.fpsBefore ?? '',
		fpsAfter: raw.fpsAfter ?? '',
		feedback: raw.feedback
	});
	if (result.success) return { ok: true, answers: result.data };
	return { ok: false, errors: [...new Set(result.error.issues.map((issue) => issue.message))] };
}
