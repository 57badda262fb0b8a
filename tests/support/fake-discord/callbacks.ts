import { InteractionResponseType } from 'discord.js';
import type { SpecSchemaName } from './validation/spec.ts';

/**
 * The interaction callback types Discord accepts, by type: the name the transcript and violations give it, and the
 * discord-api-spec schema its body is checked against. A type missing here is refused.
 */
export const CALLBACKS: Readonly<Partial<Record<number, { readonly name: string; readonly spec: SpecSchemaName }>>> = {
	[InteractionResponseType.Pong]: { name: 'PONG', spec: 'PongInteractionCallbackRequest' },
	[InteractionResponseType.ChannelMessageWithSource]: { name: 'reply', spec: 'CreateMessageInteractionCallbackRequest' },
	[InteractionResponseType.DeferredChannelMessageWithSource]: { name: 'defer reply', spec: 'CreateMessageInteractionCallbackRequest' },
	[InteractionResponseType.DeferredMessageUpdate]: { name: 'defer update', spec: 'UpdateMessageInteractionCallbackRequest' },
	[InteractionResponseType.UpdateMessage]: { name: 'update message', spec: 'UpdateMessageInteractionCallbackRequest' },
	[InteractionResponseType.ApplicationCommandAutocompleteResult]: {
		name: 'autocomplete result',
		spec: 'ApplicationCommandAutocompleteCallbackRequest'
	},
	[InteractionResponseType.Modal]: { name: 'modal', spec: 'ModalInteractionCallbackRequest' },
	[InteractionResponseType.LaunchActivity]: { name: 'launch activity', spec: 'LaunchActivityInteractionCallbackRequest' }
};
