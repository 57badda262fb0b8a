import { describe, expect, test } from 'vitest';
import {
	renderNoShowRebook,
	renderPerformanceCheck,
	renderRecheckAsk,
	renderRecheckResult,
	renderTestimonialErrors,
	renderTestimonialModal,
	renderTestimonialRequest,
	sessionButtons
} from '../../../../src/bot/features/follow-ups/render.ts';
import { parseTestimonial } from '../../../../src/lib/testimonials/answers.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageProblems, modalProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';
import { BOOKING_ID, bookingView, packageRow } from '../../../support/views.ts';
import en from '../../../../src/languages/en-US/followups.json' with { type: 'json' };

const SLIPPED = Object.keys(en.recheck.slipped);

describe.each(LOCALES_UNDER_TEST)('follow-ups in %s', (locale) => {
	const t = tIn(locale);

	test('after a no-show the member can rebook the same package', () => {
		const message = renderNoShowRebook(t, bookingView({ status: 'no_show' }));
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(message)).toEqual(['book|full']);
	});

	test('the one-week check-in has one button per answer, for this booking', () => {
		const message = renderPerformanceCheck(t, bookingView());
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(message)).toEqual(['better', 'same', 'worse'].map((answer) => `perf|${answer}.${BOOKING_ID}`));
	});

	test('the three-month check asks for a fresh diagnostic', () => {
		const message = renderRecheckAsk(t, bookingView());
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(message)).toEqual(['diagnostic-tool']);
	});

	test('nothing slipped: congratulations and no offer', () => {
		const message = renderRecheckResult(t, { bookingId: BOOKING_ID, baseline: 'after_session', slipped: [] }, packageRow());
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(message)).toEqual([]);
	});

	test('everything slipped: each with its cause, then the offer and its Book button', () => {
		const offer = packageRow({ code: 'reoptimize', name: 'Re-optimization', price_aed: '99.00' });
		const message = renderRecheckResult(t, { bookingId: BOOKING_ID, baseline: 'after_session', slipped: SLIPPED }, offer);
		expect(messageProblems(message)).toEqual([]);
		const text = textOf(message);
		expect(text).not.toMatch(UNTRANSLATED);
		for (const id of SLIPPED) expect(text).toContain(t(`followups:recheck.slipped.${id}`));
		expect(text).toContain('99');
		expect(customIdsOf(message)).toEqual(['book|reoptimize']);
	});

	test('something slipped but no offer is configured: no button', () => {
		const message = renderRecheckResult(t, { bookingId: BOOKING_ID, baseline: 'before_session', slipped: ['power_plan'] }, null);
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).toContain(t('followups:recheck.noOffer'));
		expect(customIdsOf(message)).toEqual([]);
	});

	test('the review request and its form', () => {
		const message = renderTestimonialRequest(t, bookingView());
		expect(messageProblems(message)).toEqual([]);
		expect(textOf(message)).not.toMatch(UNTRANSLATED);
		expect(customIdsOf(message)).toEqual([`testimonial|${BOOKING_ID}`]);
		const modal = renderTestimonialModal(t, BOOKING_ID);
		expect(modalProblems(modal)).toEqual([]);
		expect(modal.toJSON().custom_id).toBe(`testimonial-modal|${BOOKING_ID}`);
		expect(JSON.stringify(modal.toJSON())).not.toMatch(UNTRANSLATED);
	});

	test('every mistake in the review form has its text', () => {
		const parsed = parseTestimonial({ rating: '11', fpsBefore: 'many', fpsAfter: '0', feedback: 'f'.repeat(1001) });
		const errors = parsed.ok ? [] : parsed.errors;
		expect(errors.length).toBeGreaterThanOrEqual(4);
		const reply = renderTestimonialErrors(t, errors);
		expect(messageProblems(reply)).toEqual([]);
		expect(textOf(reply)).not.toMatch(UNTRANSLATED);
	});

	test("the staff card's session buttons", () => {
		const row = sessionButtons(t, BOOKING_ID);
		expect(customIdsOf({ components: [row] })).toEqual([`session-complete|${BOOKING_ID}`, `session-noshow|${BOOKING_ID}`]);
	});
});
