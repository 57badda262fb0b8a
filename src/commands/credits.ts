import type { Command } from '@sapphire/framework';
import type { SlashCommandBuilder } from 'discord.js';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { TimestampStyles, time } from 'discord.js';
import { ensureMember } from '../bot/members.ts';
import { privately } from '../bot/replies.ts';
import { renderCreditStatement } from '../bot/features/referrals/render.ts';
import { assertStaff } from '../bot/staff.ts';
import { creditStatement, redeemableBookings, redeemCredit } from '../lib/data/credits.ts';
import { findMemberByDiscordId } from '../lib/data/members.ts';
import { formatAed } from '../lib/money.ts';
import { parseAedAmount } from '../lib/referrals/rules.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';

/**
 * `/credits` shows the member's balance; staff look up a member's with `/credits show member:` and take credit off
 * a member's unpaid booking with `/credits redeem` (checked server side by the StaffSubcommands precondition; never
 * below zero, always with a reason).
 */
export class CreditsCommand extends MemberFacingCommand {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, preconditions: [{ name: 'StaffSubcommands', context: { subcommands: ['redeem'] } }] });
	}

	protected readonly descriptionKey = 'commands:credits.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder
			.addSubcommand((sub) =>
				applyDescriptionLocalizedBuilder(sub.setName('show'), 'commands:credits.show').addUserOption((option) =>
					applyDescriptionLocalizedBuilder(option.setName('member'), 'commands:credits.of').setRequired(false)
				)
			)
			.addSubcommand((sub) =>
				applyDescriptionLocalizedBuilder(sub.setName('redeem'), 'commands:credits.redeem')
					.addUserOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('member'), 'commands:credits.member').setRequired(true)
					)
					.addStringOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('amount'), 'commands:credits.amount').setRequired(true).setMaxLength(20)
					)
					.addStringOption((option) =>
						applyDescriptionLocalizedBuilder(option.setName('reason'), 'commands:credits.reason')
							.setRequired(true)
							.setMinLength(3)
							.setMaxLength(200)
					)
			);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const target = interaction.options.getUser('member');
		// `redeem` is checked by the StaffSubcommands precondition; another member's balance is for staff too.
		if (target !== null && target.id !== interaction.user.id) assertStaff(interaction);
		const t = await fetchT(interaction);
		await interaction.deferReply(privately(interaction));
		if (interaction.options.getSubcommand() === 'show') {
			const member = target ? await findMemberByDiscordId(this.container.db, target.id) : await ensureMember(interaction.user);
			if (!member)
				return interaction.editReply({
					content: t('referrals:redeem.not_a_member', { member: `<@${target!.id}>` }),
					allowedMentions: { parse: [] }
				});
			return interaction.editReply(
				renderCreditStatement(t, await creditStatement(this.container.db, member.id), target ? `<@${target.id}>` : undefined)
			);
		}
		return interaction.editReply({ ...(await this.redeem(interaction, t)), allowedMentions: { parse: [] } });
	}

	private async redeem(interaction: Command.ChatInputCommandInteraction, t: Awaited<ReturnType<typeof fetchT>>) {
		const user = interaction.options.getUser('member', true);
		const mention = `<@${user.id}>`;
		const amount = parseAedAmount(interaction.options.getString('amount', true));
		if (amount === null) return { content: t('referrals:redeem.invalid_amount') };
		const member = await findMemberByDiscordId(this.container.db, user.id);
		if (!member) return { content: t('referrals:redeem.not_a_member', { member: mention }) };
		const [booking] = await redeemableBookings(this.container.db, member.id);
		if (!booking) return { content: t('referrals:redeem.no_booking', { member: mention }) };
		const reason = interaction.options.getString('reason', true).trim();
		const result = await redeemCredit(this.container.db, {
			memberId: member.id,
			bookingId: booking.id,
			amountAed: amount,
			reason,
			actor: `discord:${interaction.user.id}`
		});
		this.container.log.info('Credit redemption', { outcome: result.outcome, member: member.id, booking: booking.id, staff: interaction.user.id });
		if (result.outcome !== 'redeemed')
			return { content: t(`referrals:redeem.${result.outcome}`, { member: mention, balance: formatAed(result.balanceAed) }) };
		return {
			content: t('referrals:redeem.done', {
				amount: formatAed(amount),
				member: mention,
				package: booking.package_name ?? '-',
				when: time(booking.starts_at, TimestampStyles.LongDate),
				balance: formatAed(result.balanceAed)
			})
		};
	}
}
