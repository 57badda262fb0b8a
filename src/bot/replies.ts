import { MessageFlags, type Interaction } from 'discord.js';

/** Personal answers are ephemeral in the server and ordinary (kept) messages in DMs. */
export function privately(interaction: Interaction): { flags?: MessageFlags.Ephemeral } {
	return interaction.inGuild() ? { flags: MessageFlags.Ephemeral } : {};
}
