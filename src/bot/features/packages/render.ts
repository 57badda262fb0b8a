import { type ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { TFunction } from 'i18next';
import { CUSTOM_ID_KINDS, customId } from '../../../lib/custom-ids.ts';
import type { Package } from '../../../lib/data/packages.ts';
import { formatAed } from '../../../lib/money.ts';
import { colours } from '../../theme.ts';
import { button, buttonRow } from '../../buttons.ts';

const MAX_BUTTONS_PER_ROW = 5;

/** Discord caps button labels at 80 characters. */
function label(text: string): string {
	return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}

function rowsOf(buttons: ButtonBuilder[]): ActionRowBuilder<ButtonBuilder>[] {
	const rows: ActionRowBuilder<ButtonBuilder>[] = [];
	for (let index = 0; index < buttons.length && rows.length < 5; index += MAX_BUTTONS_PER_ROW) {
		rows.push(buttonRow(...buttons.slice(index, index + MAX_BUTTONS_PER_ROW)));
	}
	return rows;
}

/** The catalogue, with *Find my package* and *Book directly*. */
export function renderCatalog(t: TFunction, packages: readonly Package[]): BaseMessageOptions {
	if (packages.length === 0) return { content: t('packages:empty') };
	const embed = new EmbedBuilder()
		.setColor(colours.brand)
		.setTitle(t('packages:title'))
		.setDescription(t('packages:description'))
		.addFields(
			packages.slice(0, 25).map((pkg) => ({
				name: label(pkg.name),
				value: `${t('packages:field', { price: formatAed(pkg.price_aed), minutes: pkg.duration_minutes })}${pkg.description ? `\n${pkg.description.slice(0, 900)}` : ''}`
			}))
		);
	const row = buttonRow(
		button(customId(CUSTOM_ID_KINDS.packagesFind), ButtonStyle.Primary, t('packages:buttons.find')),
		button(customId(CUSTOM_ID_KINDS.packagesBookDirect), ButtonStyle.Secondary, t('packages:buttons.bookDirect'))
	);
	return { embeds: [embed], components: [row] };
}

/** One *Book* button per package. */
export function renderBookingChoices(t: TFunction, packages: readonly Package[]): BaseMessageOptions {
	const buttons = packages.map((pkg) =>
		button(
			customId(CUSTOM_ID_KINDS.book, pkg.code),
			ButtonStyle.Success,
			label(t('packages:buttons.bookPrice', { name: pkg.name, price: formatAed(pkg.price_aed) }))
		)
	);
	const embed = new EmbedBuilder().setColor(colours.brand).setTitle(t('packages:bookTitle')).setDescription(t('packages:bookDescription'));
	return { embeds: [embed], components: rowsOf(buttons) };
}

export function bookButton(t: TFunction, pkg: Package): ButtonBuilder {
	return button(customId(CUSTOM_ID_KINDS.book, pkg.code), ButtonStyle.Success, label(t('packages:buttons.book', { name: pkg.name })));
}

/** Where a *Book* button leads: the member's personal booking page, or how to book when none is configured. */
export function renderBookingLink(t: TFunction, pkg: Package, url: string | null): BaseMessageOptions {
	const price = formatAed(pkg.price_aed);
	if (!url) return { content: t('packages:noLink', { name: pkg.name }) };
	const row = buttonRow(new ButtonBuilder().setStyle(ButtonStyle.Link).setURL(url).setLabel(t('packages:buttons.openCalendly')));
	return { content: t('packages:bookLink', { name: pkg.name, price }), components: [row] };
}
