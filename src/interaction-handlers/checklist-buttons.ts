import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { checklistRow } from '../bot/features/booking/render.ts';
import type { ChecklistItem } from '../lib/booking/checklist.ts';
import { CUSTOM_ID_KINDS, decode } from '../lib/custom-ids.ts';
import { toggleChecklistItem } from '../lib/data/bookings.ts';
import { ButtonHandler } from '../bot/handlers.ts';

/** Ticks or unticks a pre-session checklist item; only the booking's member can. */
export class ChecklistButtonsHandler extends ButtonHandler {
	public override parse(interaction: ButtonInteraction) {
		const parsed = decode(CUSTOM_ID_KINDS.checklist, interaction.customId);
		return parsed ? this.some(parsed.value) : this.none();
	}

	public override async run(interaction: ButtonInteraction, { item, bookingId }: { item: ChecklistItem; bookingId: string }) {
		await interaction.deferUpdate();
		const [t, checklist] = await Promise.all([fetchT(interaction), toggleChecklistItem(this.container.db, bookingId, interaction.user.id, item)]);
		if (!checklist) return interaction.followUp({ content: t('booking:checklistNotYours'), flags: MessageFlags.Ephemeral });
		const rows = interaction.message.components.slice(1);
		return interaction.editReply({ components: [checklistRow(t, bookingId, checklist), ...rows] });
	}
}
