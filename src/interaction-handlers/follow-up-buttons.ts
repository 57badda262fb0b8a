import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { renderTestimonialModal } from '../bot/features/follow-ups/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { recordPerformanceAnswer } from '../lib/data/follow-ups.ts';
import { ButtonHandler } from '../bot/handlers.ts';

/** The follow-up DMs' buttons: the one-week check-in answers, and *Leave a review* (opens the review form). */
export class FollowUpButtonsHandler extends ButtonHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.testimonial, CUSTOM_ID_KINDS.performanceCheck] as const;

	public override async run(interaction: ButtonInteraction, parsed: DecodedCustomId<(typeof this.kinds)[number]>) {
		const t = await fetchT(interaction);
		// A modal must be the first response: no deferral before it.
		if (parsed.kind === CUSTOM_ID_KINDS.testimonial) return interaction.showModal(renderTestimonialModal(t, parsed.value));
		const { bookingId, answer } = parsed.value;
		await interaction.deferUpdate();
		const saved = await recordPerformanceAnswer(this.container.db, bookingId, interaction.user.id, answer);
		if (!saved) return interaction.followUp({ content: t('followups:testimonial.notYours'), flags: MessageFlags.Ephemeral });
		const thanks = { better: 'thanksBetter', same: 'thanksSame', worse: 'thanksWorse' } as const;
		return interaction.editReply({
			content: `${interaction.message.content}\n\n${t(`followups:performance.${thanks[answer]}`)}`,
			components: []
		});
	}
}
