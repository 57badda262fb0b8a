import { Listener } from '@sapphire/framework';

/**
 * A new gateway session after the first (Discord invalidated the previous one, so the events in between are lost and
 * not replayed): welcome the members who joined meanwhile. The first session is clientReady's.
 */
export class ShardReadyListener extends Listener<'shardReady'> {
	public override async run() {
		// discord.js emits shardReady before clientReady at the first session: the client is not ready yet then.
		if (!this.container.client.isReady()) return;
		await this.container.missedJoins.onNewSession();
	}
}
