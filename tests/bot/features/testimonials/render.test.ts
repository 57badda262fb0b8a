import { describe, expect, test } from 'vitest';
import {
	renderPublicTestimonial,
	renderRejectModal,
	renderStaffReviewCard,
	renderTestimonialReply,
	shareButtons
} from '../../../../src/bot/features/testimonials/render.ts';
import { CUSTOM_ID_KINDS, decode } from '../../../../src/lib/custom-ids.ts';
import type { TestimonialView } from '../../../../src/lib/data/testimonials.ts';
import { customIdsOf, LOCALES_UNDER_TEST, messageBody, messageProblems, modalProblems, textOf, tIn, UNTRANSLATED } from '../../../support/render.ts';
import { BOOKING_ID } from '../../../support/views.ts';

const TESTIMONIAL = '2b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';

const view = (overrides: Partial<TestimonialView> = {}): TestimonialView => ({
	id: TESTIMONIAL,
	booking_id: BOOKING_ID,
	revision: 1,
	status: 'pending',
	rating: 9,
	fps_before: 150,
	fps_after: 240,
	measured_fps_before: null,
	measured_fps_after: null,
	fps_source: 'self_reported',
	feedback: 'Smooth as butter',
	reviewed_by: null,
	reject_reason: null,
	staff_message_id: null,
	public_message_id: null,
	discord_user_id: '200000000000000001',
	member_name: 'Alice',
	package_name: 'Full Optimization',
	starts_at: new Date('2026-12-10T16:00:00Z'),
	...overrides
});

describe.each(LOCALES_UNDER_TEST)('testimonials in %s', (locale) => {
	const t = tIn(locale);

	test('a promoter gets their code and one-click share links', () => {
		const reply = renderTestimonialReply(t, 'promoter', { code: 'K7PX2Q', revision: 1 });
		expect(messageProblems(reply)).toEqual([]);
		expect(textOf(reply)).not.toMatch(UNTRANSLATED);
		expect(textOf(reply)).toContain('K7PX2Q');
		const links = JSON.stringify(messageBody({ components: [shareButtons(t, 'K7PX2Q')] }).components);
		expect(links).toContain('https://wa.me/?text=');
		expect(links).toContain('https://x.com/intent/post?text=');
	});

	test.each([
		['unhappy', 1, 'testimonials:reply.unhappy'],
		['neutral', 1, 'testimonials:reply.neutral'],
		['neutral', 2, 'testimonials:reply.updated'],
		['promoter', 1, 'testimonials:reply.neutral']
	] as const)('a %s member (revision %d) is answered with %s', (branch, revision, key) => {
		const reply = renderTestimonialReply(t, branch, { revision });
		expect(messageProblems(reply)).toEqual([]);
		expect(reply.content).toBe(t(key));
	});

	test('the staff card of a pending review: member, stars, the reported gain, the words, Approve / Reject for this revision', () => {
		const card = renderStaffReviewCard(t, view({ revision: 3 }));
		expect(messageProblems(card)).toEqual([]);
		const text = textOf(card);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('Alice');
		expect(text).toContain('+60%');
		expect(text).toContain(t('testimonials:public.selfReported'));
		expect(text).toContain('Smooth as butter');
		expect(customIdsOf(card).map((id) => decode([CUSTOM_ID_KINDS.testimonialApprove, CUSTOM_ID_KINDS.testimonialReject], id)?.value)).toEqual([
			{ id: TESTIMONIAL, revision: 3 },
			{ id: TESTIMONIAL, revision: 3 }
		]);
		expect(messageBody(card).allowed_mentions).toEqual({ parse: [] });
	});

	test('a decided review shows who decided (and why), without buttons', () => {
		const rejected = renderStaffReviewCard(t, view({ status: 'rejected', reviewed_by: 'staffer', reject_reason: 'r'.repeat(3000) }));
		expect(messageProblems(rejected)).toEqual([]);
		expect(textOf(rejected)).toContain('staffer');
		expect(customIdsOf(rejected)).toEqual([]);
		const approved = renderStaffReviewCard(t, view({ status: 'approved', reviewed_by: 'staffer' }));
		expect(messageProblems(approved)).toEqual([]);
		expect(customIdsOf(approved)).toEqual([]);
	});

	test('without figures or words the card says so; a huge name and the longest feedback still fit', () => {
		const card = renderStaffReviewCard(t, view({ fps_before: null, feedback: '', member_name: 'N'.repeat(300) }));
		expect(messageProblems(card)).toEqual([]);
		expect(textOf(card)).toContain(t('testimonials:staff.noFps'));
		expect(textOf(card)).toContain(t('testimonials:staff.noFeedback'));
		expect(messageProblems(renderStaffReviewCard(t, view({ feedback: 'f'.repeat(1000) })))).toEqual([]);
	});

	test('the public post uses measured figures when there are, and says so', () => {
		const post = renderPublicTestimonial(t, view({ measured_fps_before: 200, measured_fps_after: 300, fps_source: 'measured' }));
		expect(messageProblems(post)).toEqual([]);
		const text = textOf(post);
		expect(text).not.toMatch(UNTRANSLATED);
		expect(text).toContain('+50%');
		expect(text).toContain(t('testimonials:public.measured'));
		expect(text).not.toContain('+60%');
		expect(messageBody(post).allowed_mentions).toEqual({ parse: [] });
	});

	test("the public post quotes every line of the member's words and pings nobody", () => {
		const post = renderPublicTestimonial(t, view({ feedback: 'line one\n@everyone line two', member_name: null }));
		expect(messageProblems(post)).toEqual([]);
		expect(textOf(post)).toContain('> line one\n> @everyone line two');
		expect(textOf(post)).toContain(t('testimonials:public.someone'));
	});

	test('the reject form asks for a reason, for the revision staff saw', () => {
		const modal = renderRejectModal(t, { id: TESTIMONIAL, revision: 2 });
		expect(modalProblems(modal)).toEqual([]);
		expect(decode(CUSTOM_ID_KINDS.testimonialRejectModal, modal.toJSON().custom_id)?.value).toEqual({ id: TESTIMONIAL, revision: 2 });
		expect(JSON.stringify(modal.toJSON())).not.toMatch(UNTRANSLATED);
	});
});
