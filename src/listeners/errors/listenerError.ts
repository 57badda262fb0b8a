import { type Events, Listener, type ListenerErrorPayload } from '@sapphire/framework';
import { reportUnexpected } from '../../bot/errors.ts';

export class ListenerErrorListener extends Listener<typeof Events.ListenerError> {
	public override run(error: unknown, { piece }: ListenerErrorPayload) {
		reportUnexpected(error, { listener: piece.name, event: piece.event });
	}
}
