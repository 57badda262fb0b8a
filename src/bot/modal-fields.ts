import { ComponentType, type ModalSubmitInteraction } from 'discord.js';

/** A modal's text answers by custom id; a field that is missing or not a text input reads as undefined. */
export function textAnswers<const K extends string>(interaction: ModalSubmitInteraction, ids: readonly K[]): Record<K, string | undefined> {
	const answers = {} as Record<K, string | undefined>;
	for (const id of ids) {
		answers[id] = interaction.fields.fields.get(id)?.type === ComponentType.TextInput ? interaction.fields.getTextInputValue(id) : undefined;
	}
	return answers;
}
