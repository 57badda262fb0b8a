import { type Events, Listener, type InteractionHandlerError } from '@sapphire/framework';
import { replyWithError } from '../../bot/errors.ts';

export class InteractionHandlerErrorListener extends Listener<typeof Events.InteractionHandlerError> {
	public override async run(error: unknown, { interaction, handler }: InteractionHandlerError) {
		if (interaction.isRepliable()) await replyWithError(interaction, error, { handler: handler.name });
	}
}
