import { fetchT } from '@sapphire/plugin-i18next';
import type { ModalSubmitInteraction } from 'discord.js';
import { textAnswers } from '../bot/modal-fields.ts';
import { ensureMember } from '../bot/members.ts';
import { privately } from '../bot/replies.ts';
import { QUICK_FIELDS, renderQuickErrors, renderQuickResult } from '../bot/features/diagnostics/assessment.render.ts';
import { assessQuickAnswers, parseQuickAnswers } from '../lib/assessment/quick.ts';
import { CUSTOM_ID_KINDS } from '../lib/custom-ids.ts';
import { insertQuickAssessment } from '../lib/data/diagnostics.ts';
import { packageForRecommendation } from '../lib/data/packages.ts';
import { ModalHandler } from '../bot/handlers.ts';

/** The quick questions: validated (friendly messages, nothing stored on bad input), stored, answered. */
export class QuickAssessmentModalHandler extends ModalHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.quickAssessmentModal] as const;

	public override async run(interaction: ModalSubmitInteraction) {
		await interaction.deferReply(privately(interaction));
		const t = await fetchT(interaction);
		const parsed = parseQuickAnswers(textAnswers(interaction, Object.values(QUICK_FIELDS)));
		if (!parsed.ok) return interaction.editReply(renderQuickErrors(t, parsed.errors));
		const result = assessQuickAnswers(parsed.answers);
		const member = await ensureMember(interaction.user, interaction.locale);
		await insertQuickAssessment(this.container.db, member.id, parsed.answers, result);
		const pkg = await packageForRecommendation(this.container.db, result.recommendation);
		return interaction.editReply(renderQuickResult(t, parsed.answers, result, pkg));
	}
}
