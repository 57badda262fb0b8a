import type { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder, createLocalizedChoice, fetchT } from '@sapphire/plugin-i18next';
import { MessageFlags, type SlashCommandSubcommandBuilder, type SlashCommandBuilder } from 'discord.js';
import { renderStats, renderStatsExport } from '../bot/features/stats/render.ts';
import { loadStatsReport } from '../lib/data/stats.ts';
import { DEFAULT_STATS_PERIOD, isStatsPeriod, STATS_PERIODS } from '../lib/stats/period.ts';
import { StaffCommand } from '../bot/slash-command.ts';

function withPeriod(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
	return sub.addIntegerOption((option) =>
		applyDescriptionLocalizedBuilder(option.setName('period'), 'stats:command.period')
			.setRequired(false)
			.addChoices(...STATS_PERIODS.map((days) => createLocalizedChoice<number>(`stats:periods.${days}`, { value: days })))
	);
}

/** `/stats overview [period]` and `/stats export [period]` for staff (checked server side): the owner's dashboard. */
export class StatsCommand extends StaffCommand {
	protected readonly descriptionKey = 'stats:command.description';

	protected override build(builder: SlashCommandBuilder) {
		return builder
			.addSubcommand((sub) => withPeriod(applyDescriptionLocalizedBuilder(sub.setName('overview'), 'stats:command.overview')))
			.addSubcommand((sub) => withPeriod(applyDescriptionLocalizedBuilder(sub.setName('export'), 'stats:command.export')));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		const chosen = interaction.options.getInteger('period');
		const days = isStatsPeriod(chosen) ? chosen : DEFAULT_STATS_PERIOD;
		const report = await loadStatsReport(this.container.db, days);
		const reply = interaction.options.getSubcommand() === 'export' ? renderStatsExport(t, report) : await renderStats(t, report);
		return interaction.editReply(reply);
	}
}
