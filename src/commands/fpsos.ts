import type { Command } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import type { Message } from 'discord.js';
import { privately } from '../bot/replies.ts';
import { renderWelcome } from '../bot/features/welcome/render.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';

/** `/fpsos` and `!fpsos`: the same welcome a new member gets by DM. */
export class FpsosCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'commands:fpsos.description';

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const t = await fetchT(interaction);
		await interaction.reply({ ...renderWelcome(t, interaction.user.displayName), ...privately(interaction) });
	}

	public override async messageRun(message: Message) {
		const t = await fetchT(message);
		await message.reply(renderWelcome(t, message.member?.displayName ?? message.author.displayName));
	}
}
