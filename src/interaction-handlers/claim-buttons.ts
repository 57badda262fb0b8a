import { fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { CUSTOM_ID_KINDS, decode } from '../lib/custom-ids.ts';
import { confirmClaim, declineClaim } from '../lib/data/booking-claims.ts';
import { ButtonHandler } from '../bot/handlers.ts';

interface ClaimClick {
	claimId: string;
	yes: boolean;
}

/**
 * Yes / No on the claim DM ("Is this booking yours?"). Only the member the claim names can answer, once: Yes links the
 * booking to them and their confirmation (with its links) follows; No leaves it to staff, who get an alert.
 */
export class ClaimButtonsHandler extends ButtonHandler {
	public override parse(interaction: ButtonInteraction) {
		const parsed = decode([CUSTOM_ID_KINDS.claimYes, CUSTOM_ID_KINDS.claimNo], interaction.customId);
		return parsed ? this.some<ClaimClick>({ claimId: parsed.value, yes: parsed.kind === CUSTOM_ID_KINDS.claimYes }) : this.none();
	}

	public override async run(interaction: ButtonInteraction, { claimId, yes }: ClaimClick) {
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
