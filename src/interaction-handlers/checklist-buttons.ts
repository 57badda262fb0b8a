import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { checklistRow } from '../bot/features/booking/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { toggleChecklistItem } from '../lib/data/bookings.ts';
import { ButtonHandler } from '../bot/handlers.ts';

/** Ticks or unticks a pre-session checklist item; only the booking's member can. */
export class ChecklistButtonsHandler extends ButtonHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.checklist] as const;

	public override async run(interaction: ButtonInteraction, { value: { item, bookingId } }: DecodedCustomId<typeof CUSTOM_ID_KINDS.checklist>) {
		await interaction.deferUpdate();
		const [t, checklist] = await Promise.all([fetchT(interaction), toggleChecklistItem(this.container.db, bookingId, interaction.user.id, item)]);
		if (!checklist) return interaction.followUp({ content: t('booking:checklistNotYours'), flags: MessageFlags.Ephemeral });
		const rows = interaction.message.components.slice(1);
		return interaction.editReply({ components: [checklistRow(t, bookingId, checklist), ...rows] });
	}
}
