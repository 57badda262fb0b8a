import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import { ComponentType, type ModalSubmitInteraction } from 'discord.js';
import { privately } from '../bot/replies.ts';
import { renderTestimonialErrors, TESTIMONIAL_FIELDS } from '../bot/render/follow-ups.ts';
import { CUSTOM_ID_KINDS, parseCustomId } from '../lib/custom-ids.ts';
import { saveTestimonial } from '../lib/data/testimonials.ts';
import { parseTestimonial } from '../lib/testimonials/answers.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The review form: validated (friendly messages, nothing stored on bad input), stored as pending, one per booking. */
export class TestimonialModalHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
	}

	public override parse(interaction: ModalSubmitInteraction) {
		const parsed = parseCustomId(interaction.customId);
		return parsed?.kind === CUSTOM_ID_KINDS.testimonialModal && parsed.arg && uuid.test(parsed.arg) ? this.some(parsed.arg) : this.none();
	}

	public override async run(interaction: ModalSubmitInteraction, bookingId: string) {
		await interaction.deferReply(privately(interaction));
		const t = await fetchT(interaction);
		const field = (id: string) => (interaction.fields.fields.get(id)?.type === ComponentType.TextInput ? interaction.fields.getTextInputValue(id) : undefined);
		const parsed = parseTestimonial({
			rating: field(TESTIMONIAL_FIELDS.rating),
			fpsBefore: field(TESTIMONIAL_FIELDS.fpsBefore),
			fpsAfter: field(TESTIMONIAL_FIELDS.fpsAfter),
			feedback: field(TESTIMONIAL_FIELDS.feedback)
		});
		if (!parsed.ok) return interaction.editReply(renderTestimonialErrors(t, parsed.errors));
		const saved = await saveTestimonial(this.container.db, bookingId, interaction.user.id, parsed.answers);
		if (!saved) return interaction.editReply({ content: t('followups:testimonial.notYours') });
		this.container.log.info('Testimonial received', { booking: bookingId, testimonial: saved.id, rating: parsed.answers.rating });
		return interaction.editReply({ content: t('followups:testimonial.thanks') });
	}
}
