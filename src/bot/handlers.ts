import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { decode, type CustomIdKind, type DecodedCustomId } from '../lib/custom-ids.ts';

/**
 * The interaction handlers' bases: one per kind of interaction, so a handler states what it handles by what it
 * extends. A button or modal handler names the custom-id kinds it answers to (`kinds`, from CUSTOM_ID_KINDS) and keeps
 * only its `run`, which gets the custom id decoded: `{ kind, value }` (`DecodedCustomId`). Other ids pass it by.
 */
type Options = InteractionHandler.Options;
type Context = InteractionHandler.LoaderContext;

/** Answers to the custom ids of its `kinds`. */
abstract class CustomIdHandler extends InteractionHandler {
	public abstract readonly kinds: readonly CustomIdKind[];

	public override parse(interaction: ButtonInteraction | ModalSubmitInteraction) {
		const parsed = decode(this.kinds, interaction.customId);
		return parsed ? this.some(parsed as DecodedCustomId<this['kinds'][number]>) : this.none();
	}
}

/** Handles button presses. */
export abstract class ButtonHandler extends CustomIdHandler {
	public constructor(context: Context, options: Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
	}
}

/** Handles modal submissions. */
export abstract class ModalHandler extends CustomIdHandler {
	public constructor(context: Context, options: Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
	}
}

/** Handles select menu choices (its `parse` reads the choice). */
export abstract class SelectHandler extends InteractionHandler {
	public constructor(context: Context, options: Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.SelectMenu });
	}
}
