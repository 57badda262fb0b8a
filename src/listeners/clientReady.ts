import { Listener } from '@sapphire/framework';
import type { Client } from 'discord.js';

export class ClientReadyListener extends Listener<'clientReady'> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, once: true });
	}

	public override run(client: Client<true>) {
		this.container.log.info('Connected to Discord', { user: client.user.id, guilds: client.guilds.cache.size });
	}
}
