import type { Client } from 'discord.js';

/**
 * Discord refused the gateway session with a close code it will not accept a retry for (4004 authentication failed,
 * 4014 disallowed intents...). discord.js v14 rejects `login()` with @discordjs/ws's plain Error then (no `code`), so
 * the close code is kept here for `fpsos start` to explain.
 */
export class GatewayRefusedError extends Error {
	override readonly name = 'GatewayRefusedError';

	constructor(
		readonly closeCode: number,
		options: { cause: unknown }
	) {
		super(`Discord closed the gateway connection with code ${closeCode}`, options);
	}
}

/** Logs the client in; a login that Discord ends with a close code rejects with GatewayRefusedError carrying it. */
export async function loginOrExplain(client: Client, token: string): Promise<void> {
	let closeCode: number | undefined;
	// Emitted (before login rejects) only for the close codes discord.js will not reconnect after.
	const onDisconnect = (event: { code: number }) => void (closeCode = event.code);
	client.on('shardDisconnect', onDisconnect);
	try {
		await client.login(token);
	} catch (error) {
		throw closeCode === undefined ? error : new GatewayRefusedError(closeCode, { cause: error });
	} finally {
		client.off('shardDisconnect', onDisconnect);
	}
}

/**
 * After login: Discord ends the running session with a close code discord.js does not reconnect after (the token was
 * reset: 4004; a privileged intent switched off: 4014). discord.js then stays "ready" but receives nothing, so the
 * caller is told once, to explain it and stop.
 */
export function onGatewayRefused(client: Client, handler: (error: GatewayRefusedError) => void): void {
	client.once('shardDisconnect', (event) => handler(new GatewayRefusedError(event.code, { cause: event })));
}
