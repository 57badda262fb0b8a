import { fetchT } from '@sapphire/plugin-i18next';
import { ButtonStyle, EmbedBuilder, MessageFlags, type ButtonInteraction } from 'discord.js';
import { closeSession } from '../bot/features/booking/session.flow.ts';
import { assertStaff } from '../bot/staff.ts';
import { staffMessageOf } from '../lib/data/bookings.ts';
import { CUSTOM_ID_KINDS, customId, type DecodedCustomId } from '../lib/custom-ids.ts';
import { ButtonHandler } from '../bot/handlers.ts';
import { button, buttonRow } from '../bot/buttons.ts';

const handled = [CUSTOM_ID_KINDS.sessionComplete, CUSTOM_ID_KINDS.sessionNoShow, CUSTOM_ID_KINDS.sessionNoShowConfirm] as const;

/** The staff card's *Mark complete* / *No-show* (with a confirmation), for staff only. */
export class SessionButtonsHandler extends ButtonHandler {
	public readonly kinds = handled;

	public override async run(interaction: ButtonInteraction, { kind, value: bookingId }: DecodedCustomId<(typeof handled)[number]>) {
		assertStaff(interaction);
		const t = await fetchT(interaction);
		if (kind === CUSTOM_ID_KINDS.sessionNoShow) {
			const confirm = buttonRow(
				button(customId(CUSTOM_ID_KINDS.sessionNoShowConfirm, bookingId), ButtonStyle.Danger, t('session:buttons.confirmNoShow'))
			);
			return interaction.reply({ content: t('session:confirmNoShow'), components: [confirm], flags: MessageFlags.Ephemeral });
		}
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const outcome = kind === CUSTOM_ID_KINDS.sessionComplete ? 'complete' : 'no_show';
		const result = await closeSession(t, bookingId, outcome, interaction.user.id);
		if (result.ok)
			await this.markCard(
				interaction,
				t(outcome === 'complete' ? 'session:statusCompleted' : 'session:statusNoShow', { staff: `<@${interaction.user.id}>` }),
				bookingId
			);
		return interaction.editReply({ content: result.text });
	}

	/** The staff card shows who closed the session, and loses its buttons. */
	private async markCard(interaction: ButtonInteraction, status: string, bookingId: string) {
		const messageId = await staffMessageOf(this.container.db, bookingId);
		const channelId = this.container.config.DISCORD_STAFF_CHANNEL_ID;
		if (!messageId || !channelId) return;
		const channel = await this.container.client.channels.fetch(channelId).catch(() => null);
		if (!channel?.isTextBased()) return;
		const card = await channel.messages.fetch(messageId).catch(() => null);
		const embed = card?.embeds[0];
		if (!card || !embed) return;
		await card
			.edit({ embeds: [EmbedBuilder.from(embed).setDescription(status)], components: [], allowedMentions: { parse: [] } })
			.catch((error: unknown) => {
				this.container.log.warn('Could not update the staff card', { error, booking: bookingId, interaction: interaction.id });
			});
	}
}
