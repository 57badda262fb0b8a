import type { Command } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes } from 'discord.js';
import { sendableChannel } from '../bot/channels.ts';
import { serverT } from '../bot/i18n.ts';
import { renderPanel } from '../bot/features/tickets/render.ts';
import { StaffCommand } from '../bot/slash-command.ts';

const isMissingPermission = (error: unknown) =>
	error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.MissingPermissions);

/** `/support-panel` (staff): posts a message with an *Open a ticket* button in the current channel. */
export class SupportPanelCommand extends StaffCommand {
	protected readonly descriptionKey = 'tickets:commands.panel';

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const t = await fetchT(interaction);
		const channel = await sendableChannel(interaction.channelId);
		let posted = false;
		if (channel && interaction.guild) {
			posted = await channel.send(renderPanel(serverT())).then(
				() => true,
				(error: unknown) => {
					if (isMissingPermission(error)) return false;
					throw error;
				}
			);
		}
		return interaction.editReply({ content: t(posted ? 'tickets:panel.posted' : 'tickets:panel.cannotPost') });
	}
}
