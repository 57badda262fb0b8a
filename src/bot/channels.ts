import { container } from '@sapphire/framework';

/** A configured channel the bot can send to, or null when it is unset, missing or not sendable. */
export async function sendableChannel(id: string | undefined) {
	const channel = id ? await container.client.channels.fetch(id).catch(() => null) : null;
	return channel?.isSendable() ? channel : null;
}
