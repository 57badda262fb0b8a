import { type Events, Listener, type ChatInputCommandErrorPayload } from '@sapphire/framework';
import { replyWithError } from '../../bot/errors.ts';

export class ChatInputCommandErrorListener extends Listener<typeof Events.ChatInputCommandError> {
	public override async run(error: unknown, { interaction, command }: ChatInputCommandErrorPayload) {
		await replyWithError(interaction, error, { command: command.name });
	}
}
