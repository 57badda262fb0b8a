import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { describeOpenResult, openTicket } from '../bot/features/tickets/flow.ts';
import { textAnswers } from '../bot/modal-fields.ts';
import { DESCRIPTION_FIELD } from '../bot/features/tickets/render.ts';
import { servedGuildId } from '../bot/served-guild.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, parseDescription } from '../lib/tickets/rules.ts';
import { ModalHandler } from '../bot/handlers.ts';

/** The description form: checked, then the ticket opens (or the open one is named). */
export class SupportModalHandler extends ModalHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.supportModal] as const;

	public override async run(interaction: ModalSubmitInteraction, { value: topic }: DecodedCustomId<typeof CUSTOM_ID_KINDS.supportModal>) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		const description = parseDescription(textAnswers(interaction, [DESCRIPTION_FIELD]).description);
		if (!description.ok)
			return interaction.editReply({ content: t(`tickets:open.${description.problem}`, { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX }) });
		// From a DM the ticket opens in the one server the bot serves; from another server, nowhere.
		const guildId = interaction.guildId ?? servedGuildId();
		if (!guildId) return interaction.editReply({ content: t('errors:preconditionGuildOnly') });
		const result = await openTicket({ guildId, memberDiscordId: interaction.user.id, topic, description: description.text, origin: 'member' });
		return interaction.editReply({ content: describeOpenResult(t, result) });
	}
}
