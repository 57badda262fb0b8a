import { type Events, Listener, type ChatInputCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { replyWithError } from '../../bot/errors.ts';

export class ChatInputCommandDeniedListener extends Listener<typeof Events.ChatInputCommandDenied> {
	public override async run(error: UserError, { interaction, command }: ChatInputCommandDeniedPayload) {
		await replyWithError(interaction, error, { command: command.name, denied: true });
	}
}
