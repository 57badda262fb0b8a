import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { answerClaim } from '../bot/features/tickets/flow.ts';
import { renderCloseModal } from '../bot/features/tickets/render.ts';
import { interactionIsStaff } from '../bot/staff.ts';
import { cappedWait, LOOKUP_CAP_MS } from '../lib/capped-wait.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { loadTicket } from '../lib/data/tickets.ts';
import { canClaim, canClose } from '../lib/tickets/rules.ts';
import { ButtonHandler } from '../bot/handlers.ts';

const handled = [CUSTOM_ID_KINDS.ticketClaim, CUSTOM_ID_KINDS.ticketUnclaim, CUSTOM_ID_KINDS.ticketClose] as const;

/** The ticket card's *Claim* / *Unclaim* (staff only) and *Close* (the member or staff; asks for a reason). */
export class TicketButtonsHandler extends ButtonHandler {
	public readonly kinds = handled;

	public override async run(interaction: ButtonInteraction, { kind, value: ticketId }: DecodedCustomId<(typeof handled)[number]>) {
		const t = await fetchT(interaction);
		const actor = { userId: interaction.user.id, isStaff: interactionIsStaff(interaction) };
		if (kind !== CUSTOM_ID_KINDS.ticketClose) {
			if (!canClaim(actor)) return interaction.reply({ content: t('tickets:claim.staffOnly'), flags: MessageFlags.Ephemeral });
			return answerClaim(interaction, t, ticketId, kind === CUSTOM_ID_KINDS.ticketClaim);
		}
		// A modal must be the first response: staff get it at once; a member only for their own, open ticket (one
		// primary-key read, capped so a slow database still lets the form open). The form's handler checks again.
		if (!actor.isStaff) {
			const ticket = await cappedWait(loadTicket(this.container.db, ticketId), LOOKUP_CAP_MS, 'unknown' as const);
			if (ticket === 'unknown') return interaction.showModal(renderCloseModal(t, ticketId));
			if (ticket?.status === 'closed') return interaction.reply({ content: t('tickets:close.alreadyClosed'), flags: MessageFlags.Ephemeral });
			if (!ticket || !canClose(actor, ticket.member_discord_id))
				return interaction.reply({ content: t('tickets:close.notAllowed'), flags: MessageFlags.Ephemeral });
		}
		return interaction.showModal(renderCloseModal(t, ticketId));
	}
}
