import { fetchT } from '@sapphire/plugin-i18next';
import type { ModalSubmitInteraction } from 'discord.js';
import { textAnswers } from '../bot/modal-fields.ts';
import { privately } from '../bot/replies.ts';
import { renderTestimonialErrors, TESTIMONIAL_FIELDS } from '../bot/features/follow-ups/render.ts';
import { renderTestimonialReply } from '../bot/features/testimonials/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { ensureReferralCode } from '../lib/data/referrals.ts';
import { submitTestimonial } from '../lib/data/testimonials.ts';
import { parseTestimonial } from '../lib/testimonials/answers.ts';
import { ratingBranch } from '../lib/testimonials/branching.ts';
import { ModalHandler } from '../bot/handlers.ts';

/**
 * The review form: validated (friendly messages, nothing stored on bad input), stored as pending, one per booking.
 * What follows depends on the rating: promoters get their referral code to share, a low rating opens a ticket.
 */
export class TestimonialModalHandler extends ModalHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.testimonialModal] as const;

	public override async run(interaction: ModalSubmitInteraction, { value: bookingId }: DecodedCustomId<typeof CUSTOM_ID_KINDS.testimonialModal>) {
		await interaction.deferReply(privately(interaction));
		const t = await fetchT(interaction);
		const parsed = parseTestimonial(textAnswers(interaction, Object.values(TESTIMONIAL_FIELDS)));
		if (!parsed.ok) return interaction.editReply(renderTestimonialErrors(t, parsed.errors));
		const saved = await submitTestimonial(this.container.db, bookingId, interaction.user.id, parsed.answers);
		if (!saved) return interaction.editReply({ content: t('followups:testimonial.notYours') });
		this.container.log.info('Testimonial received', {
			booking: bookingId,
			testimonial: saved.id,
			revision: saved.revision,
			rating: parsed.answers.rating
		});
		const branch = ratingBranch(parsed.answers.rating);
		const code = branch === 'promoter' ? await ensureReferralCode(this.container.db, saved.memberId) : undefined;
		return interaction.editReply(renderTestimonialReply(t, branch, { code, revision: saved.revision }));
	}
}
