import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { textAnswers } from '../bot/modal-fields.ts';
import { REASON_FIELD } from '../bot/features/tickets/render.ts';
import { interactionIsStaff } from '../bot/staff.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { closeTicket, loadTicket } from '../lib/data/tickets.ts';
import { canClose, discordActor, parseCloseReason, REASON_MAX, REASON_MIN } from '../lib/tickets/rules.ts';
import { ModalHandler } from '../bot/handlers.ts';

/** The close form: a reason is required; the first close wins, then the thread is locked and the member summarised. */
export class TicketCloseModalHandler extends ModalHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.ticketCloseModal] as const;

	public override async run(interaction: ModalSubmitInteraction, { value: ticketId }: DecodedCustomId<typeof CUSTOM_ID_KINDS.ticketCloseModal>) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		const reason = parseCloseReason(textAnswers(interaction, [REASON_FIELD]).reason);
		if (!reason.ok) return interaction.editReply({ content: t(`tickets:close.${reason.problem}`, { min: REASON_MIN, max: REASON_MAX }) });
		const ticket = await loadTicket(this.container.db, ticketId);
		const actor = { userId: interaction.user.id, isStaff: interactionIsStaff(interaction) };
		if (!ticket || !canClose(actor, ticket.member_discord_id)) return interaction.editReply({ content: t('tickets:close.notAllowed') });
		const closed = await closeTicket(this.container.db, ticketId, discordActor(interaction.user.id), reason.text);
		if (!closed.ok) return interaction.editReply({ content: t('tickets:close.alreadyClosed') });
		// The transcript, the lock and the member's summary follow through the outbox (planned with the close).
		await interaction.editReply({ content: t('tickets:close.done', { number: closed.ticket.number }) });
	}
}
