import type { Command } from '@sapphire/framework';
import { fetchT } from '@sapphire/plugin-i18next';
import { listActivePackages } from '../lib/data/packages.ts';
import { privately } from '../bot/replies.ts';
import { renderCatalog } from '../bot/features/packages/render.ts';
import { MemberFacingCommand } from '../bot/slash-command.ts';

/** `/packages`: the catalogue from the database, with *Find my package* and *Book directly*. */
export class PackagesCommand extends MemberFacingCommand {
	protected readonly descriptionKey = 'commands:packages.description';

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply(privately(interaction));
		const [t, packages] = await Promise.all([fetchT(interaction), listActivePackages(this.container.db)]);
		await interaction.editReply(renderCatalog(t, packages));
	}
}
