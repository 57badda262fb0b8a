import { fetchT } from '@sapphire/plugin-i18next';
import type { StringSelectMenuInteraction } from 'discord.js';
import { renderDescriptionModal, renderKnownAnswer } from '../bot/features/tickets/render.ts';
import { CUSTOM_ID_KINDS, decode } from '../lib/custom-ids.ts';
import { hasKnownAnswer, parseMenuTopic, type MenuTopic } from '../lib/tickets/topics.ts';
import { SelectHandler } from '../bot/handlers.ts';

/** The topic menu: a known answer first when there is one, else straight to the description form. */
export class SupportTopicHandler extends SelectHandler {
	public override parse(interaction: StringSelectMenuInteraction) {
		if (!decode(CUSTOM_ID_KINDS.supportTopic, interaction.customId)) return this.none();
		const topic = parseMenuTopic(interaction.values[0]);
		return topic ? this.some(topic) : this.none();
	}

	public override async run(interaction: StringSelectMenuInteraction, topic: MenuTopic) {
		const t = await fetchT(interaction);
		if (hasKnownAnswer(topic)) return interaction.update(renderKnownAnswer(t, topic));
		return interaction.showModal(renderDescriptionModal(t, topic));
	}
}
