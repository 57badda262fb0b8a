import { type Events, Listener, type InteractionHandlerParseError } from '@sapphire/framework';
import { replyWithError } from '../../bot/errors.ts';

export class InteractionHandlerParseErrorListener extends Listener<typeof Events.InteractionHandlerParseError> {
	public override async run(error: unknown, { interaction, handler }: InteractionHandlerParseError) {
		if (interaction.isRepliable()) await replyWithError(interaction, error, { handler: handler.name, stage: 'parse' });
	}
}
