import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder, fetchT } from '@sapphire/plugin-i18next';
import type { Message } from 'discord.js';
import { privately } from '../bot/replies.ts';
import { renderWelcome } from '../bot/features/welcome/render.ts';
import { memberCommand } from '../bot/command-scope.ts';

/** `/fpsos` and `!fpsos`: the same welcome a new member gets by DM. */
export class FpsosCommand extends Command {
	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			memberCommand(applyDescriptionLocalizedBuilder(builder.setName('fpsos'), 'commands:fpsos.description'))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const t = await fetchT(interaction);
		await interaction.reply({ ...renderWelcome(t, interaction.user.displayName), ...privately(interaction) });
	}

	public override async messageRun(message: Message) {
		const t = await fetchT(message);
		await message.reply(renderWelcome(t, message.member?.displayName ?? message.author.displayName));
	}
}
