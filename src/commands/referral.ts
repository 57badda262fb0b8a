import type { Command } from '@sapphire/framework';
import type { SlashCommandBuilder } from 'discord.js';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import { answerReferralUse } from '../bot/features/referrals/flow.ts';
import { ensureMember } from '../bot/members.ts';
import { privately } from '../bot/replies.ts';
import { renderReferralSummary } from '../bot/features/referrals/render.ts';
import { referralSummary } from '../lib/data/referrals.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';

/** `/referral` shows the member's code and what it earned; `/referral use code:` applies a friend's code. */
export class ReferralCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'commands:referral.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder
			.addSubcommand((sub) => applyDescriptionLocalizedBuilder(sub.setName('show'), 'commands:referral.show'))
			.addSubcommand((sub) =>
				applyDescriptionLocalizedBuilder(sub.setName('use'), 'commands:referral.use').addStringOption((option) =>
					applyDescriptionLocalizedBuilder(option.setName('code'), 'commands:referral.code')
						.setRequired(true)
						.setMinLength(4)
						.setMaxLength(20)
				)
			);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply(privately(interaction));
		const t = await fetchT(interaction);
		const member = await ensureMember(interaction.user);
		if (interaction.options.getSubcommand() === 'use') {
			return interaction.editReply({ content: await answerReferralUse(t, member.id, interaction.options.getString('code', true)) });
		}
		return interaction.editReply(renderReferralSummary(t, await referralSummary(this.container.db, member.id)));
	}
}
