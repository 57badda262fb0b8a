import {
	type ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	EmbedBuilder,
	type ModalBuilder,
	TextInputStyle,
	type BaseMessageOptions
} from 'discord.js';
import type { TFunction } from 'i18next';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import type { TestimonialView } from '../../../lib/data/testimonials.ts';
import { formatAed } from '../../../lib/money.ts';
import { REFERRAL_REWARD_AED } from '../../../lib/referrals/rules.ts';
import { fpsFigures } from '../../../lib/testimonials/gain.ts';
import type { RatingBranch } from '../../../lib/testimonials/branching.ts';
import { colours } from '../../theme.ts';
import { button, buttonRow } from '../../buttons.ts';
import { textModal } from '../../modal-fields.ts';

export const REJECT_REASON_FIELD = 'reason';

const signed = (percent: number) => `${percent >= 0 ? '+' : ''}${percent}%`;
const stars = (rating: number) => '★'.repeat(Math.round(rating / 2)) + '☆'.repeat(5 - Math.round(rating / 2));

/** WhatsApp (what the UAE uses) and X share links carrying the member's code: one click, nothing to copy. */
export function shareButtons(t: TFunction, code: string): ActionRowBuilder<ButtonBuilder> {
	const text = encodeURIComponent(t('testimonials:share.text', { code }));
	return buttonRow(
		new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel(t('testimonials:share.whatsapp')).setURL(`https://wa.me/?text=${text}`),
		new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel(t('testimonials:share.x')).setURL(`https://x.com/intent/post?text=${text}`)
	);
}

/** The member's answer after submitting the form, by rating. */
export function renderTestimonialReply(t: TFunction, branch: RatingBranch, options: { code?: string; revision: number }): BaseMessageOptions {
	if (branch === 'promoter' && options.code) {
		return {
			content: t('testimonials:reply.promoter', { code: options.code, reward: formatAed(REFERRAL_REWARD_AED) }),
			components: [shareButtons(t, options.code)]
		};
	}
	if (branch === 'unhappy') return { content: t('testimonials:reply.unhappy') };
	return { content: t(options.revision > 1 ? 'testimonials:reply.updated' : 'testimonials:reply.neutral') };
}

function fpsLine(t: TFunction, view: TestimonialView): string {
	const figures = fpsFigures(view);
	if (!figures) return t('testimonials:staff.noFps');
	const gain = t('testimonials:public.gain', { before: figures.before, after: figures.after, gain: signed(figures.gainPercent) });
	return `${gain}\n${t(figures.measured ? 'testimonials:public.measured' : 'testimonials:public.selfReported')}`;
}

/** The card staff review: the testimonial as members will see it, Approve / Reject until someone decides. */
export function renderStaffReviewCard(t: TFunction, view: TestimonialView): BaseMessageOptions {
	const member = view.discord_user_id ? `<@${view.discord_user_id}>` : t('testimonials:public.someone');
	const embed = new EmbedBuilder()
		.setColor(view.status === 'approved' ? colours.good : view.status === 'rejected' ? colours.critical : colours.brand)
		.setTitle(
			(view.revision > 1
				? t('testimonials:staff.titleRevised', { member: view.member_name ?? member, revision: view.revision })
				: t('testimonials:staff.title', { member: view.member_name ?? member })
			).slice(0, 256)
		)
		.setDescription(member)
		.addFields(
			{ name: t('testimonials:staff.rating'), value: `${stars(view.rating)} ${view.rating}/10`, inline: true },
			{ name: t('testimonials:staff.package'), value: view.package_name ?? '-', inline: true },
			{ name: t('testimonials:staff.fps'), value: fpsLine(t, view) },
			{ name: t('testimonials:staff.feedback'), value: view.feedback || t('testimonials:staff.noFeedback') }
		);
	if (view.status === 'approved') embed.setFooter({ text: t('testimonials:staff.approvedBy', { staff: view.reviewed_by ?? '?' }) });
	if (view.status === 'rejected')
		embed.setFooter({
			text: t('testimonials:staff.rejectedBy', { staff: view.reviewed_by ?? '?', reason: view.reject_reason ?? '' }).slice(0, 2048)
		});
	const components =
		view.status === 'pending'
			? [
					buttonRow(
						button(customId(CUSTOM_ID_KINDS.testimonialApprove, view), ButtonStyle.Success, t('testimonials:staff.approve')),
						button(customId(CUSTOM_ID_KINDS.testimonialReject, view), ButtonStyle.Danger, t('testimonials:staff.reject'))
					)
				]
			: [];
	return { embeds: [embed], components, allowedMentions: { parse: [] } };
}

/** The public post: rating, the FPS gain (measured or reported) and the member's words. */
export function renderPublicTestimonial(t: TFunction, view: TestimonialView): BaseMessageOptions {
	const embed = new EmbedBuilder().setColor(colours.good).setTitle(
		t('testimonials:public.title', {
			stars: stars(view.rating),
			rating: view.rating,
			member: view.member_name ?? t('testimonials:public.someone')
		}).slice(0, 256)
	);
	const figures = fpsFigures(view);
	const lines = [
		figures ? t('testimonials:public.gain', { before: figures.before, after: figures.after, gain: signed(figures.gainPercent) }) : null,
		view.feedback ? `> ${view.feedback.replace(/\n/g, '\n> ')}` : null
	].filter((line): line is string => line !== null);
	if (lines.length > 0) embed.setDescription(lines.join('\n\n').slice(0, 4096));
	const footer = [
		view.package_name ? t('testimonials:public.package', { package: view.package_name }) : null,
		figures ? t(figures.measured ? 'testimonials:public.measured' : 'testimonials:public.selfReported') : null
	]
		.filter(Boolean)
		.join(' · ');
	if (footer) embed.setFooter({ text: footer.slice(0, 2048) });
	return { embeds: [embed], allowedMentions: { parse: [] } };
}

/** `reviewed` is the testimonial in the revision staff saw: the decision applies to that revision. */
export function renderRejectModal(t: TFunction, reviewed: { id: string; revision: number }): ModalBuilder {
	return textModal(customId(CUSTOM_ID_KINDS.testimonialRejectModal, reviewed), t('testimonials:staff.rejectTitle'), {
		id: REJECT_REASON_FIELD,
		label: t('testimonials:staff.rejectReason'),
		style: TextInputStyle.Paragraph,
		placeholder: t('testimonials:staff.rejectPlaceholder'),
		minLength: 3,
		maxLength: 500,
		required: true
	});
}
