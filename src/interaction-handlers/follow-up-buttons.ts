import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { renderTestimonialModal } from '../bot/features/follow-ups/render.ts';
import { CUSTOM_ID_KINDS, decode } from '../lib/custom-ids.ts';
import { recordPerformanceAnswer, type PerformanceAnswer } from '../lib/data/follow-ups.ts';
import { ButtonHandler } from '../bot/handlers.ts';

type Parsed = { kind: 'testimonial'; bookingId: string } | { kind: 'perf'; bookingId: string; answer: PerformanceAnswer };

/** The follow-up DMs' buttons: the one-week check-in answers, and *Leave a review* (opens the review form). */
export class FollowUpButtonsHandler extends ButtonHandler {
	public override parse(interaction: ButtonInteraction) {
		const parsed = decode([CUSTOM_ID_KINDS.testimonial, CUSTOM_ID_KINDS.performanceCheck], interaction.customId);
		if (parsed?.kind === CUSTOM_ID_KINDS.testimonial) return this.some<Parsed>({ kind: 'testimonial', bookingId: parsed.value });
		if (parsed?.kind === CUSTOM_ID_KINDS.performanceCheck) return this.some<Parsed>({ kind: 'perf', ...parsed.value });
		return this.none();
	}

	public override async run(interaction: ButtonInteraction, parsed: Parsed) {
		const t = await fetchT(interaction);
		// A modal must be the first response: no deferral before it.
		if (parsed.kind === 'testimonial') return interaction.showModal(renderTestimonialModal(t, parsed.bookingId));
		await interaction.deferUpdate();
		const saved = await recordPerformanceAnswer(this.container.db, parsed.bookingId, interaction.user.id, parsed.answer);
		if (!saved) return interaction.followUp({ content: t('followups:testimonial.notYours'), flags: MessageFlags.Ephemeral });
		const thanks = { better: 'thanksBetter', same: 'thanksSame', worse: 'thanksWorse' } as const;
		return interaction.editReply({
			content: `${interaction.message.content}\n\n${t(`followups:performance.${thanks[parsed.answer]}`)}`,
			components: []
		});
	}
}
