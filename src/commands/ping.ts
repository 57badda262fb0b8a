import type { Command } from '@sapphire/framework';
import { resolveKey } from '@sapphire/plugin-i18next';
import { MessageFlags } from 'discord.js';
import { MemberFacingCommand } from '../bot/slash-command.ts';
import { pingDatabase } from '../lib/data/db.ts';

/** A health check members and staff can run: gateway latency and a database round trip. */
export class PingCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'commands:ping.description';

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const started = performance.now();
		await pingDatabase(this.container.db);
		const databaseMs = Math.round(performance.now() - started);
		const gatewayMs = Math.max(0, Math.round(this.container.client.ws.ping));
		await interaction.editReply({ content: await resolveKey(interaction, 'commands:ping.reply', { gatewayMs, databaseMs }) });
	}
}
