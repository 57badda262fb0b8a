import { fetchT } from '@sapphire/plugin-i18next';
import type { ButtonInteraction } from 'discord.js';
import { diagnosticScriptBytes } from '../bot/features/diagnostics/tool-script.flow.ts';
import { privately } from '../bot/replies.ts';
import { renderQuickModal } from '../bot/features/diagnostics/assessment.render.ts';
import { renderDiagnosticIntro, renderToolDelivery } from '../bot/features/diagnostics/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { ButtonHandler } from '../bot/handlers.ts';

const handled = [
	CUSTOM_ID_KINDS.diagnosticTool,
	CUSTOM_ID_KINDS.diagnosticQuick,
	CUSTOM_ID_KINDS.welcomeDiagnostic,
	CUSTOM_ID_KINDS.packagesFind
] as const;

/** The ways into a diagnostic: the intro (from the welcome or the catalogue), the PowerShell tool, the quick questions. */
export class DiagnosticButtonsHandler extends ButtonHandler {
	public readonly kinds = handled;

	public override async run(interaction: ButtonInteraction, { kind }: DecodedCustomId<(typeof handled)[number]>) {
		const t = await fetchT(interaction);
		switch (kind) {
			case CUSTOM_ID_KINDS.diagnosticQuick:
				// A modal must be the first response: no deferral before it.
				return interaction.showModal(renderQuickModal(t));
			case CUSTOM_ID_KINDS.diagnosticTool:
				await interaction.deferReply(privately(interaction));
				return interaction.editReply(renderToolDelivery(t, await diagnosticScriptBytes()));
			default:
				return interaction.reply({ ...renderDiagnosticIntro(t), ...privately(interaction) });
		}
	}
}
