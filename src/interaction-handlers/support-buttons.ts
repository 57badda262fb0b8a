import { fetchT } from '@sapphire/plugin-i18next';
import type { ButtonInteraction } from 'discord.js';
import { answerSupportStart } from '../bot/features/tickets/flow.ts';
import { renderDescriptionModal, renderSolved } from '../bot/features/tickets/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { ButtonHandler } from '../bot/handlers.ts';

/** The panel's *Open a ticket*, and the known answer's *That solved it* / *Open a ticket*. */
export class SupportButtonsHandler extends ButtonHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.supportStart, CUSTOM_ID_KINDS.supportSolved, CUSTOM_ID_KINDS.supportOpen] as const;

	public override async run(interaction: ButtonInteraction, parsed: DecodedCustomId<(typeof this.kinds)[number]>) {
		if (parsed.kind === CUSTOM_ID_KINDS.supportStart) return answerSupportStart(interaction);
		const t = await fetchT(interaction);
		// A modal must be the first response: no deferral before it.
		if (parsed.kind === CUSTOM_ID_KINDS.supportOpen) return interaction.showModal(renderDescriptionModal(t, parsed.value));
		this.container.log.info('Support answer solved it', { topic: parsed.value });
		return interaction.update(renderSolved(t));
	}
}
