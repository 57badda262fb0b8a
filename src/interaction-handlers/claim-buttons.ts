import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { confirmClaim, declineClaim } from '../lib/data/booking-claims.ts';
import { ButtonHandler } from '../bot/handlers.ts';

/**
 * Yes / No on the claim DM ("Is this booking yours?"). Only the member the claim names can answer, once: Yes links the
 * booking to them and their confirmation (with its links) follows; No leaves it to staff, who get an alert.
 */
export class ClaimButtonsHandler extends ButtonHandler {
	public readonly kinds = [CUSTOM_ID_KINDS.claimYes, CUSTOM_ID_KINDS.claimNo] as const;

	public override async run(interaction: ButtonInteraction, { kind, value: claimId }: DecodedCustomId<(typeof this.kinds)[number]>) {
		const yes = kind === CUSTOM_ID_KINDS.claimYes;
		await interaction.deferUpdate();
		const t = await fetchT(interaction);
		const answer = yes
			? await confirmClaim(this.container.db, claimId, interaction.user.id)
			: await declineClaim(this.container.db, claimId, interaction.user.id);
		if (!answer.ok && answer.reason === 'not_yours')
			return interaction.followUp({ content: t('booking:claim.notYours'), flags: MessageFlags.Ephemeral });
		if (!answer.ok) return interaction.editReply({ content: t('booking:claim.settled'), components: [], allowedMentions: { parse: [] } });
		this.container.log.info('Booking claim answered', { claim: claimId, yes });
		return interaction.editReply({
			content: t(yes ? 'booking:claim.confirmed' : 'booking:claim.declined'),
			components: [],
			allowedMentions: { parse: [] }
		});
	}
}
