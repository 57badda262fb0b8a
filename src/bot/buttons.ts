import { ActionRowBuilder, ButtonBuilder, type ButtonStyle } from 'discord.js';

/** A button that answers to a custom id: the id (written with `customId(kind, value)`), its style and its label. */
export function button(customId: string, style: ButtonStyle, label: string): ButtonBuilder {
	return new ButtonBuilder().setCustomId(customId).setStyle(style).setLabel(label);
}

/** One row of buttons, in the order given (Discord shows up to five in a row). */
export function buttonRow(...buttons: ButtonBuilder[]): ActionRowBuilder<ButtonBuilder> {
	return new ActionRowBuilder<ButtonBuilder>().addComponents(buttons);
}
