import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { assertStaff } from '../bot/staff.ts';
import { renderRejectModal, renderStaffReviewCard } from '../bot/features/testimonials/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { loadTestimonial, reviewTestimonial } from '../lib/data/testimonials.ts';
import { ButtonHandler } from '../bot/handlers.ts';

const handled = [CUSTOM_ID_KINDS.testimonialApprove, CUSTOM_ID_KINDS.testimonialReject] as const;

/** The review card's *Approve* (plans the public post) and *Reject* (asks for a reason), for staff only. */
export class TestimonialReviewButtonsHandler extends ButtonHandler {
	public readonly kinds = handled;

	public override async run(interaction: ButtonInteraction, { kind, value: reviewed }: DecodedCustomId<(typeof handled)[number]>) {
		assertStaff(interaction);
		const t = await fetchT(interaction);
		const { id: testimonialId, revision } = reviewed;
		if (kind === CUSTOM_ID_KINDS.testimonialReject) return interaction.showModal(renderRejectModal(t, reviewed));
		await interaction.deferUpdate();
		const outcome = await reviewTestimonial(this.container.db, testimonialId, revision, { approve: true, actor: interaction.user.username });
		if (!outcome.ok) return interaction.followUp({ content: t(`testimonials:staff.${outcome.reason}`), flags: MessageFlags.Ephemeral });
		this.container.log.info('Testimonial approved', { testimonial: testimonialId, staff: interaction.user.id });
		const view = await loadTestimonial(this.container.db, testimonialId);
		if (view) await interaction.editReply(renderStaffReviewCard(t, view));
		return interaction.followUp({ content: t('testimonials:staff.approved'), flags: MessageFlags.Ephemeral });
	}
}
