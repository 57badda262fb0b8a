import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';

/**
 * The interaction handlers' bases: one per kind of interaction, so a handler states what it handles by what it
 * extends and keeps only its `parse` (which custom ids are its own) and `run`.
 */
type Options = InteractionHandler.Options;
type Context = InteractionHandler.LoaderContext;

/** Handles button presses. */
export abstract class ButtonHandler extends InteractionHandler {
	public constructor(context: Context, options: Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
	}
}

/** Handles modal submissions. */
export abstract class ModalHandler extends InteractionHandler {
	public constructor(context: Context, options: Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
	}
}

/** Handles select menu choices. */
export abstract class SelectHandler extends InteractionHandler {
	public constructor(context: Context, options: Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.SelectMenu });
	}
}
