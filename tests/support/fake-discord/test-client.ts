import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { FakeDiscord } from './fake-discord.ts';

/** The intents a front-desk bot needs (member join/update, guild and DM messages with content). */
export const BOT_INTENTS = [
	GatewayIntentBits.Guilds,
	GatewayIntentBits.GuildMembers,
	GatewayIntentBits.GuildMessages,
	GatewayIntentBits.DirectMessages,
	GatewayIntentBits.MessageContent
] as const;

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
