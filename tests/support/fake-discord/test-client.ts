import { ChannelType, Client, Partials, type ClientOptions, type GatewayIntentBits, type TextChannel } from 'discord.js';
import { BOT_INTENTS } from '../../../src/bot/client.ts';
import type { FakeDiscord } from './fake-discord.ts';

/** The bot's own intents (src/bot/client.ts): a test client asks for what the bot asks for unless a test says otherwise. */
export { BOT_INTENTS };

/**
 * A plain discord.js client logged into the fake and past `clientReady` (guild received). It is destroyed when the
 * fake stops; `setup` runs before login so listeners see the first events.
 */
export async function connectTestClient(
	fake: FakeDiscord,
	setup?: (client: Client) => void,
	options: { readonly intents?: readonly GatewayIntentBits[]; readonly partials?: readonly Partials[] } = {}
): Promise<Client> {
	const clientOptions: Omit<ClientOptions, 'tasks'> = {
		intents: [...(options.intents ?? BOT_INTENTS)],
		partials: [...(options.partials ?? [Partials.Channel])],
		rest: { api: fake.apiBase, version: '10' }
	};
	// The project's Sapphire scheduled-tasks plugin makes `tasks` a required ClientOptions key; a plain client has none.
	const client = new Client(clientOptions as ClientOptions);
	fake.addCleanup(() => client.destroy());
	setup?.(client);
	const ready = new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('discord.js did not emit clientReady within 15 s')), 15_000);
		client.once('clientReady', () => {
			clearTimeout(timer);
			resolve();
		});
	});
	await client.login(fake.bot.token);
	await ready;
	return client;
}

/** A text channel as the client caches it (e.g. one of `fake.channels`); throws, naming it, when it is anything else. */
export function textChannel(client: Client, channelId: string): TextChannel {
	const channel = client.channels.cache.get(channelId);
	if (channel?.type !== ChannelType.GuildText) throw new Error(`channel ${channelId} is not a text channel in the client's cache`);
	return channel;
}
