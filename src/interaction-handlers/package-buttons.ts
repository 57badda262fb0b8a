import { fetchT } from '@sapphire/plugin-i18next';
import type { ButtonInteraction } from 'discord.js';
import { privately } from '../bot/replies.ts';
import { answerBook } from '../bot/features/booking/booking-link.flow.ts';
import { renderBookingChoices, renderCatalog } from '../bot/features/packages/render.ts';
import { CUSTOM_ID_KINDS, type DecodedCustomId } from '../lib/custom-ids.ts';
import { listActivePackages, listBookablePackages } from '../lib/data/packages.ts';
import { ButtonHandler } from '../bot/handlers.ts';

const handled = [CUSTOM_ID_KINDS.welcomePackages, CUSTOM_ID_KINDS.packagesBookDirect, CUSTOM_ID_KINDS.book] as const;

/** The catalogue, the booking view (one button per package) and each *Book* button. */
export class PackageButtonsHandler extends ButtonHandler {
	public readonly kinds = handled;

	public override async run(interaction: ButtonInteraction, parsed: DecodedCustomId<(typeof handled)[number]>) {
		await interaction.deferReply(privately(interaction));
		const t = await fetchT(interaction);
		if (parsed.kind === CUSTOM_ID_KINDS.book)
			return interaction.editReply(await answerBook(t, interaction.user, parsed.value, interaction.user.displayName));
		if (parsed.kind === CUSTOM_ID_KINDS.packagesBookDirect)
			return interaction.editReply(renderBookingChoices(t, await listBookablePackages(this.container.db, interaction.user.id)));
		return interaction.editReply(renderCatalog(t, await listActivePackages(this.container.db)));
	}
}
