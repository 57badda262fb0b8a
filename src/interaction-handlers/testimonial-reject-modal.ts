import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { textAnswers } from '../bot/modal-fields.ts';
import { assertStaff } from '../bot/staff.ts';
import { REJECT_REASON_FIELD, renderStaffReviewCard } from '../bot/features/testimonials/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { loadTestimonial, reviewTestimonial } from '../lib/data/testimonials.ts';
import { ModalHandler } from '../bot/handlers.ts';

/** Rejecting a testimonial takes a reason (kept for staff); the card then shows who rejected it and why. */
export class TestimonialRejectModalHandler extends ModalHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.testimonialRejectModal] as const;

	public override async run(
		interaction: ModalSubmitInteraction,
		{ value: { id: testimonialId, revision } }: DecodedCustomId<typeof CUSTOM_ID_KINDS.testimonialRejectModal>
	) {
		assertStaff(interaction);
		const t = await fetchT(interaction);
		const reason = (textAnswers(interaction, [REJECT_REASON_FIELD])[REJECT_REASON_FIELD] ?? '').trim();
		if (reason.length < 3) return interaction.reply({ content: t('testimonials:staff.reasonRequired'), flags: MessageFlags.Ephemeral });
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const outcome = await reviewTestimonial(this.container.db, testimonialId, revision, {
			approve: false,
			actor: interaction.user.username,
			reason: reason.slice(0, 500)
		});
		if (!outcome.ok) return interaction.editReply({ content: t(`testimonials:staff.${outcome.reason}`) });
		this.container.log.info('Testimonial rejected', { testimonial: testimonialId, staff: interaction.user.id });
		const view = await loadTestimonial(this.container.db, testimonialId);
		if (view && interaction.message) await interaction.message.edit(renderStaffReviewCard(t, view)).catch(() => undefined);
		return interaction.editReply({ content: t('testimonials:staff.rejected') });
	}
}
