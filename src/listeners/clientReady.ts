import { Listener } from '@sapphire/framework';
import type { Client } from 'discord.js';
import { reportChannelPermissions } from '../bot/permission-check.ts';
import { servedGuild, settleServedGuild } from '../bot/served-guild.ts';

export class ClientReadyListener extends Listener<'clientReady'> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, once: true });
	}

	public override async run(client: Client<true>) {
		this.container.log.info('Connected to Discord', { user: client.user.id, guilds: client.guilds.cache.size });
		await settleServedGuild(client);
		await reportChannelPermissions(client, servedGuild(), this.container.config, this.container.log);
		await this.container.missedJoins.onNewSession();
	}
}
