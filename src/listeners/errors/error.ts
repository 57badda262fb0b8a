import { Listener } from '@sapphire/framework';
import { reportUnexpected } from '../../bot/errors.ts';

/** discord.js client errors (gateway, REST) that no piece caught. */
export class ClientErrorListener extends Listener<'error'> {
	public override run(error: Error) {
		reportUnexpected(error, { source: 'client' });
	}
}
