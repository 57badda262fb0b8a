import { ComponentType, LabelBuilder, ModalBuilder, TextInputBuilder, type ModalSubmitInteraction, type TextInputStyle } from 'discord.js';

/** A modal's text field as a renderer asks for it: the texts already translated, the limits Discord enforces. */
export interface TextField {
	/** The custom id its answer comes back under (`textAnswers`). */
	id: string;
	label: string;
	/** A hint under the label. */
	description?: string;
	style: TextInputStyle;
	placeholder?: string;
	minLength?: number;
	maxLength: number;
	required: boolean;
}

/** A modal of text fields, in the order given. */
export function textModal(customId: string, title: string, ...fields: TextField[]): ModalBuilder {
	return new ModalBuilder()
		.setCustomId(customId)
		.setTitle(title)
		.addLabelComponents(fields.map((field) => textFieldLabel(field)));
}

function textFieldLabel({ id, label, description, style, placeholder, minLength, maxLength, required }: TextField): LabelBuilder {
	const input = new TextInputBuilder().setCustomId(id).setStyle(style).setMaxLength(maxLength).setRequired(required);
	if (minLength !== undefined) input.setMinLength(minLength);
	if (placeholder !== undefined) input.setPlaceholder(placeholder);
	const labelled = new LabelBuilder().setLabel(label).setTextInputComponent(input);
	return description === undefined ? labelled : labelled.setDescription(description);
}

/** A modal's text answers by custom id; a field that is missing or not a text input reads as undefined. */
export function textAnswers<const K extends string>(interaction: ModalSubmitInteraction, ids: readonly K[]): Record<K, string | undefined> {
	const answers = {} as Record<K, string | undefined>;
	for (const id of ids) {
		answers[id] = interaction.fields.fields.get(id)?.type === ComponentType.TextInput ? interaction.fields.getTextInputValue(id) : undefined;
	}
	return answers;
}
