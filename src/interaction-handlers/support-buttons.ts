import { fetchT } from '@sapphire/plugin-i18next';
import type { ButtonInteraction } from 'discord.js';
import { answerSupportStart } from '../bot/features/tickets/flow.ts';
import { renderDescriptionModal, renderSolved } from '../bot/features/tickets/render.ts';
import { CUSTOM_ID_KINDS, decode } from '../lib/custom-ids.ts';
import type { MenuTopic } from '../lib/tickets/topics.ts';
import { ButtonHandler } from '../bot/handlers.ts';

type Parsed = { kind: 'start' } | { kind: 'solved' | 'open'; topic: MenuTopic };

/** The panel's *Open a ticket*, and the known answer's *That solved it* / *Open a ticket*. */
export class SupportButtonsHandler extends ButtonHandler {
	public override parse(interaction: ButtonInteraction) {
		const parsed = decode([CUSTOM_ID_KINDS.supportStart, CUSTOM_ID_KINDS.supportSolved, CUSTOM_ID_KINDS.supportOpen], interaction.customId);
		if (parsed?.kind === CUSTOM_ID_KINDS.supportStart) return this.some<Parsed>({ kind: 'start' });
		if (parsed?.kind === CUSTOM_ID_KINDS.supportSolved) return this.some<Parsed>({ kind: 'solved', topic: parsed.value });
		if (parsed?.kind === CUSTOM_ID_KINDS.supportOpen) return this.some<Parsed>({ kind: 'open', topic: parsed.value });
		return this.none();
	}

	public override async run(interaction: ButtonInteraction, parsed: Parsed) {
		if (parsed.kind === 'start') return answerSupportStart(interaction);
		const t = await fetchT(interaction);
		// A modal must be the first response: no deferral before it.
		if (parsed.kind === 'open') return interaction.showModal(renderDescriptionModal(t, parsed.topic));
		this.container.log.info('Support answer solved it', { topic: parsed.topic });
		return interaction.update(renderSolved(t));
	}
}
