import { fetchT } from '@sapphire/plugin-i18next';
import type { ButtonInteraction } from 'discord.js';
import { privately } from '../bot/replies.ts';
import { answerBook } from '../bot/flows/booking-link.ts';
import { renderBookingChoices, renderCatalog } from '../bot/render/packages.ts';
import { CUSTOM_ID_KINDS, parseCustomId, type ParsedCustomId } from '../lib/custom-ids.ts';
import { listActivePackages, listBookablePackages } from '../lib/data/packages.ts';
import { ButtonHandler } from '../bot/handlers.ts';

const handled = new Set<string>([CUSTOM_ID_KINDS.welcomePackages, CUSTOM_ID_KINDS.packagesBookDirect, CUSTOM_ID_KINDS.book]);

/** The catalogue, the booking view (one button per package) and each *Book* button. */
export class PackageButtonsHandler extends ButtonHandler {
	public override parse(interaction: ButtonInteraction) {
		const parsed = parseCustomId(interaction.customId);
		return parsed && handled.has(parsed.kind) ? this.some(parsed) : this.none();
	}

	public override async run(interaction: ButtonInteraction, { kind, arg }: ParsedCustomId) {
		await interaction.deferReply(privately(interaction));
		const t = await fetchT(interaction);
		if (kind === CUSTOM_ID_KINDS.book) {
			return interaction.editReply(arg ? await answerBook(t, interaction.user, arg, interaction.user.displayName) : { content: t('packages:unknown') });
		}
		if (kind === CUSTOM_ID_KINDS.packagesBookDirect) return interaction.editReply(renderBookingChoices(t, await listBookablePackages(this.container.db, interaction.user.id)));
		return interaction.editReply(renderCatalog(t, await listActivePackages(this.container.db)));
	}
}
