/**
 * The one Discord server the bot serves: `DISCORD_GUILD_ID`; when it is unset, the server it already serves, else the
 * single server it is in. In several servers with none chosen it serves none and waits for the setting. Every other
 * server is left, so nobody there can ever count as staff.
 */
export interface ServedGuildDecision {
	/** The server served, or null while undecided. */
	readonly served: string | null;
	/** Servers to leave. */
	readonly leave: readonly string[];
	/** Why none is served: in no server yet, or in several without DISCORD_GUILD_ID. */
	readonly waiting: 'none' | 'several' | null;
}

export function decideServedGuild(configured: string | undefined, current: string | null, guildIds: readonly string[]): ServedGuildDecision {
	const chosen = configured ?? (current !== null && guildIds.includes(current) ? current : guildIds.length === 1 ? (guildIds[0] ?? null) : null);
	if (chosen !== null) return { served: chosen, leave: guildIds.filter((id) => id !== chosen), waiting: null };
	return { served: null, leave: [], waiting: guildIds.length === 0 ? 'none' : 'several' };
}
