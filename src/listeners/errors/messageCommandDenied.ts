import { type Events, Listener, type MessageCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { replyToMessageWithError } from '../../bot/errors.ts';

export class MessageCommandDeniedListener extends Listener<typeof Events.MessageCommandDenied> {
	public override async run(error: UserError, { message, command }: MessageCommandDeniedPayload) {
		await replyToMessageWithError(message, error, { command: command.name, denied: true });
	}
}
