import type { Command } from '@sapphire/framework';
import type { SlashCommandBuilder } from 'discord.js';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { answerBook } from '../bot/features/booking/booking-link.flow.ts';
import { answerReferralUse } from '../bot/features/referrals/flow.ts';
import { ensureMember } from '../bot/members.ts';
import { privately } from '../bot/replies.ts';
import { renderBookingChoices } from '../bot/features/packages/render.ts';
import { listBookablePackages } from '../lib/data/packages.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';

/** `/book [package] [code]`: the member's personal booking link (with a friend's code applied), or one button per package. */
export class BookCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'commands:book.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder
			.addStringOption((option) =>
				applyDescriptionLocalizedBuilder(option.setName('package'), 'commands:book.package')
					.setRequired(false)
					.addChoices(
						{ name: 'Quick Fix', value: 'quick' },
						{ name: 'Full Tune-Up', value: 'full' },
						{ name: 'Extreme BIOSPRIME', value: 'extreme' },
						{ name: 'Re-optimisation', value: 'reoptimize' }
					)
			)
			.addStringOption((option) =>
				applyDescriptionLocalizedBuilder(option.setName('code'), 'commands:book.code').setRequired(false).setMinLength(4).setMaxLength(20)
			);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply(privately(interaction));
		const t = await fetchT(interaction);
		// The friend's code first, so the link below carries its discount; a refusal is said and the booking goes on.
		const referral = interaction.options.getString('code');
		const applied = referral ? await answerReferralUse(t, (await ensureMember(interaction.user)).id, referral) : null;
		const code = interaction.options.getString('package');
		const answer = code
			? await answerBook(t, interaction.user, code, interaction.user.displayName)
			: renderBookingChoices(t, await listBookablePackages(this.container.db, interaction.user.id));
		return interaction.editReply(applied ? { ...answer, content: [applied, answer.content].filter(Boolean).join('\n\n') } : answer);
	}
}
