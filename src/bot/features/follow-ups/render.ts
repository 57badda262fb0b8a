import { type ActionRowBuilder, type ButtonBuilder, ButtonStyle, type ModalBuilder, TextInputStyle, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import type { BookingView } from '../../../lib/data/bookings.ts';
import { PERFORMANCE_ANSWERS } from '../../../lib/data/follow-ups.ts';
import type { Package } from '../../../lib/data/packages.ts';
import type { Recheck } from '../../../lib/data/rechecks.ts';
import { formatAed } from '../../../lib/money.ts';
import { button, buttonRow } from '../../buttons.ts';
import { textModal, type TextField } from '../../modal-fields.ts';

const packageName = (t: TFunction, booking: BookingView) => booking.package_name ?? t('booking:unknownPackage');
const bookButton = (label: string, code: string) => button(customId(CUSTOM_ID_KINDS.book, code), ButtonStyle.Success, label);

export function renderNoShowRebook(t: TFunction, booking: BookingView): BaseMessageOptions {
	const components = booking.package_code ? [buttonRow(bookButton(t('booking:buttons.rebook'), booking.package_code))] : [];
	return { content: t('followups:noShow', { package: packageName(t, booking) }), components };
}

export function renderPerformanceCheck(t: TFunction, booking: BookingView): BaseMessageOptions {
	const styles = { better: ButtonStyle.Success, same: ButtonStyle.Secondary, worse: ButtonStyle.Danger } as const;
	const row = buttonRow(
		...PERFORMANCE_ANSWERS.map((answer) =>
			button(
				customId(CUSTOM_ID_KINDS.performanceCheck, { answer, bookingId: booking.id }),
				styles[answer],
				t(`followups:performance.${answer}`)
			)
		)
	);
	return { content: t('followups:performance.question', { package: packageName(t, booking) }), components: [row] };
}

/** The three-month check: a fresh diagnostic, compared with the PC as the session left it. No offer yet. */
export function renderRecheckAsk(t: TFunction, booking: BookingView): BaseMessageOptions {
	const row = buttonRow(button(customId(CUSTOM_ID_KINDS.diagnosticTool), ButtonStyle.Primary, t('diagnostic:buttons.tool')));
	return { content: t('followups:recheck.ask', { package: packageName(t, booking) }), components: [row] };
}

/**
 * The answer to the three-month check: what slipped, each with its usual cause, and the re-optimisation offer; or,
 * when nothing slipped, congratulations and no offer.
 */
export function renderRecheckResult(t: TFunction, recheck: Recheck, offer: Package | null): BaseMessageOptions {
	if (recheck.slipped.length === 0) return { content: t('followups:recheck.allGood') };
	const lines = [
		t('followups:recheck.slippedIntro', { count: recheck.slipped.length }),
		...recheck.slipped.map((id) => `- ${t(`followups:recheck.slipped.${id}`)}`)
	];
	if (!offer) return { content: [...lines, t('followups:recheck.noOffer')].join('\n') };
	lines.push(t('followups:recheck.offer', { name: offer.name, price: formatAed(offer.price_aed) }));
	const row = buttonRow(
		bookButton(t('packages:buttons.bookPrice', { name: offer.name, price: formatAed(offer.price_aed) }).slice(0, 80), offer.code)
	);
	return { content: lines.join('\n'), components: [row] };
}

export function renderTestimonialRequest(t: TFunction, booking: BookingView): BaseMessageOptions {
	const row = buttonRow(button(customId(CUSTOM_ID_KINDS.testimonial, booking.id), ButtonStyle.Primary, t('followups:testimonial.button')));
	return { content: t('followups:testimonial.ask', { package: packageName(t, booking) }), components: [row] };
}

export const TESTIMONIAL_FIELDS = { rating: 'rating', fpsBefore: 'fpsBefore', fpsAfter: 'fpsAfter', feedback: 'feedback' } as const;

export function renderTestimonialModal(t: TFunction, bookingId: string): ModalBuilder {
	const field = (id: string, label: string, placeholder: string, style: TextInputStyle, maxLength: number, required: boolean): TextField => ({
		id,
		label: t(label),
		placeholder: t(placeholder),
		style,
		maxLength,
		required
	});
	return textModal(
		customId(CUSTOM_ID_KINDS.testimonialModal, bookingId),
		t('followups:testimonial.modalTitle'),
		field(TESTIMONIAL_FIELDS.rating, 'followups:testimonial.rating', 'followups:testimonial.ratingPlaceholder', TextInputStyle.Short, 2, true),
		field(
			TESTIMONIAL_FIELDS.fpsBefore,
			'followups:testimonial.fpsBefore',
			'followups:testimonial.fpsPlaceholder',
			TextInputStyle.Short,
			4,
			false
		),
		field(TESTIMONIAL_FIELDS.fpsAfter, 'followups:testimonial.fpsAfter', 'followups:testimonial.fpsPlaceholder', TextInputStyle.Short, 4, false),
		field(
			TESTIMONIAL_FIELDS.feedback,
			'followups:testimonial.feedback',
			'followups:testimonial.feedbackPlaceholder',
			TextInputStyle.Paragraph,
			1000,
			false
		)
	);
}

export function renderTestimonialErrors(t: TFunction, errors: readonly string[]): BaseMessageOptions {
	return {
		content: [
			t('followups:testimonial.errors.intro'),
			...errors.map((key) => `- ${t(`followups:testimonial.errors.${key}`)}`),
			t('followups:testimonial.errors.retry')
		].join('\n')
	};
}

/** The staff card's session controls. */
export function sessionButtons(t: TFunction, bookingId: string): ActionRowBuilder<ButtonBuilder> {
	return buttonRow(
		button(customId(CUSTOM_ID_KINDS.sessionComplete, bookingId), ButtonStyle.Success, t('session:buttons.complete')),
		button(customId(CUSTOM_ID_KINDS.sessionNoShow, bookingId), ButtonStyle.Danger, t('session:buttons.noShow'))
	);
}
