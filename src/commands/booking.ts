import type { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder, createLocalizedChoice, fetchT } from '@sapphire/plugin-i18next';
import { ComponentType, MessageFlags, type BaseMessageOptions, type SlashCommandSubcommandBuilder, type SlashCommandBuilder } from 'discord.js';
import { linkBookingToUser, preparePayment, prepareRefund, recordPayment, recordRefund } from '../bot/features/booking/booking-tools.flow.ts';
import { bookingChoice, renderPaymentConfirmation, renderRefundConfirmation } from '../bot/features/booking/booking-tools.render.ts';
import { interactionIsStaff } from '../bot/staff.ts';
import { PAYMENT_METHODS } from '../lib/booking/payment.ts';
import { CUSTOM_ID_KINDS, decode } from '../lib/custom-ids.ts';
import { listUnmatchedBookings, listUnpaidBookings } from '../lib/data/staff-tools.ts';
import { StaffCommand, requiredMember } from '../bot/slash-command.ts';

const CONFIRM_MS = 60_000;

const bookingOption = (sub: SlashCommandSubcommandBuilder) =>
	sub.addStringOption((option) =>
		applyDescriptionLocalizedBuilder(option.setName('booking'), 'staff-tools:commands.booking.booking')
			.setRequired(true)
			.setAutocomplete(true)
			.setMaxLength(36)
	);

/** `/booking link` (an unmatched booking to a member), `/booking paid` and `/booking refund` (with a confirmation), for staff only. */
export class BookingCommand extends StaffCommand {
	protected readonly descriptionKey = 'staff-tools:commands.booking.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder
			.addSubcommand((sub) =>
				bookingOption(applyDescriptionLocalizedBuilder(sub.setName('link'), 'staff-tools:commands.booking.link')).addUserOption(
					requiredMember('staff-tools:commands.booking.member')
				)
			)
			.addSubcommand((sub) =>
				bookingOption(applyDescriptionLocalizedBuilder(sub.setName('paid'), 'staff-tools:commands.booking.paid'))
					.addStringOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('method'), 'staff-tools:commands.booking.method')
							.setRequired(true)
							.addChoices(
								...PAYMENT_METHODS.map((method) => createLocalizedChoice<string>(`staff-tools:methods.${method}`, { value: method }))
							)
					)
					.addNumberOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('amount'), 'staff-tools:commands.booking.amount')
							.setRequired(true)
							.setMinValue(0)
							.setMaxValue(100_000)
					)
			)
			.addSubcommand((sub) => bookingOption(applyDescriptionLocalizedBuilder(sub.setName('refund'), 'staff-tools:commands.booking.refund')));
	}

	/** Suggestions are staff-only too: autocomplete skips preconditions, so the check is made here. */
	public override async autocompleteRun(interaction: Command.AutocompleteInteraction) {
		if (!interactionIsStaff(interaction)) return interaction.respond([]);
		const t = await fetchT(interaction);
		const search = String(interaction.options.getFocused());
		const subcommand = interaction.options.getSubcommand();
		const bookings =
			subcommand === 'link'
				? await listUnmatchedBookings(this.container.db, search)
				: await listUnpaidBookings(this.container.db, search, 25, subcommand === 'refund' ? 'paid' : 'unpaid');
		return interaction.respond(bookings.map((booking) => bookingChoice(t, booking)));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		const reference = interaction.options.getString('booking', true);
		if (interaction.options.getSubcommand() === 'link') {
			const text = await linkBookingToUser(t, reference, interaction.options.getUser('member', true), interaction.user.id);
			return interaction.editReply({ content: text, allowedMentions: { parse: [] } });
		}

		if (interaction.options.getSubcommand() === 'refund') return this.refund(interaction, t, reference);

		const request = await preparePayment(
			t,
			reference,
			interaction.options.getString('method', true),
			interaction.options.getNumber('amount', true)
		);
		if (!request.ok) return interaction.editReply({ content: request.text, allowedMentions: { parse: [] } });
		return this.confirmThen(interaction, t, renderPaymentConfirmation(t, request.booking, request.fils, request.method), 'paid', () =>
			recordPayment(t, request, interaction.user.id)
		);
	}

	private async refund(interaction: Command.ChatInputCommandInteraction, t: Awaited<ReturnType<typeof fetchT>>, reference: string) {
		const request = await prepareRefund(t, reference);
		if (!request.ok) return interaction.editReply({ content: request.text, allowedMentions: { parse: [] } });
		return this.confirmThen(interaction, t, renderRefundConfirmation(t, request.booking), 'refund', () =>
			recordRefund(t, request.booking, interaction.user.id)
		);
	}

	/**
	 * Shows the confirmation and waits (CONFIRM_MS) for the same staff member's answer: on *confirm* records and says
	 * what was recorded; on *cancel* or silence, says nothing was.
	 */
	private async confirmThen(
		interaction: Command.ChatInputCommandInteraction,
		t: Awaited<ReturnType<typeof fetchT>>,
		confirmation: BaseMessageOptions,
		texts: 'paid' | 'refund',
		record: () => Promise<string>
	) {
		const message = await interaction.editReply(confirmation);
		const click = await message
			.awaitMessageComponent({
				componentType: ComponentType.Button,
				time: CONFIRM_MS,
				filter: (button) => button.user.id === interaction.user.id
			})
			.catch(() => null);
		if (!click) return interaction.editReply({ content: t(`staff-tools:${texts}.expired`), components: [] });
		if (!decode(CUSTOM_ID_KINDS.staffConfirm, click.customId))
			return click.update({ content: t(`staff-tools:${texts}.canceled`), components: [] });
		await click.deferUpdate();
		return click.editReply({ content: await record(), components: [], allowedMentions: { parse: [] } });
	}
}
