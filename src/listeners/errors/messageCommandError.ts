import { type Events, Listener, type MessageCommandErrorPayload } from '@sapphire/framework';
import { replyToMessageWithError } from '../../bot/errors.ts';

export class MessageCommandErrorListener extends Listener<typeof Events.MessageCommandError> {
	public override async run(error: unknown, { message, command }: MessageCommandErrorPayload) {
		await replyToMessageWithError(message, error, { command: command.name });
	}
}
