import { GatewayDispatchEvents, GatewayIntentBits } from 'discord.js';
import type { FakeCore } from './core.ts';
import type { JsonObject } from './model.ts';
import { memberToAPI, requireUser } from './serialize.ts';

/**
 * Request Guild Members (op 8) as gateway-events.mdx describes it: chunks of up to 1000 members; a username prefix or
 * a list of user ids returns at most 100; the entire list (`query: ''`, `limit: 0`) needs the GUILD_MEMBERS intent and
 * is limited to one request per guild per bot every 30 seconds (change-log, August 2025), past which Discord answers
 * a RATE_LIMITED dispatch instead of chunks.
 */
export const CHUNK_SIZE = 1000;
export const SEARCH_MAX = 100;
export const ENTIRE_LIST_WINDOW_MS = 30_000;

export interface MemberRequestSession {
	/** The asking session's intents. */
	readonly intents: number;
	/** When the bot (whichever session) last asked for a guild's entire list (fake clock), by guild id. */
	readonly entireListAt: Map<string, number>;
}

/** The dispatches that answer one op 8 request: [event, data] in order. */
export function answerMemberRequest(core: FakeCore, session: MemberRequestSession, data: JsonObject): [string, JsonObject][] {
	const { state } = core;
	const nonce = typeof data.nonce === 'string' && Buffer.byteLength(data.nonce) <= 32 ? { nonce: data.nonce } : {};
	const guildId = typeof data.guild_id === 'string' ? data.guild_id : state.guildId;
	const ids = Array.isArray(data.user_ids) ? data.user_ids.map(String) : typeof data.user_ids === 'string' ? [data.user_ids] : null;
	const query = typeof data.query === 'string' ? data.query.toLowerCase() : '';
	const limit = typeof data.limit === 'number' && data.limit > 0 ? data.limit : 0;
	if (!ids && query === '' && limit === 0) {
		if ((session.intents & GatewayIntentBits.GuildMembers) === 0) {
			// What Discord answers then is not documented: the fake answers nothing and records the broken rule.
			core.recordViolation('gateway', 'Request Guild Members for the entire list without the GUILD_MEMBERS intent', null);
			return [];
		}
		const now = core.clock.now();
		const last = session.entireListAt.get(guildId);
		if (last !== undefined && now - last < ENTIRE_LIST_WINDOW_MS) {
			const retryAfter = (ENTIRE_LIST_WINDOW_MS - (now - last)) / 1000;
			core.transcript.add(
				'gateway',
				`Request Guild Members (entire list) again within 30 s: RATE_LIMITED, retry after ${retryAfter.toFixed(3)} s`
			);
			return [[GatewayDispatchEvents.RateLimited, { opcode: 8, retry_after: retryAfter, meta: { guild_id: guildId, ...nonce } }]];
		}
		session.entireListAt.set(guildId, now);
	}
	const cap = ids || query !== '' ? Math.min(limit || SEARCH_MAX, SEARCH_MAX) : Number.POSITIVE_INFINITY;
	const members = state
		.guildMembers()
		.filter((member) => (ids ? ids.includes(member.userId) : requireUser(state, member.userId).username.toLowerCase().startsWith(query)))
		.slice(0, cap);
	const chunks: unknown[][] = [];
	for (let index = 0; index < members.length; index += CHUNK_SIZE)
		chunks.push(members.slice(index, index + CHUNK_SIZE).map((member) => memberToAPI(state, member)));
	if (chunks.length === 0) chunks.push([]);
	const notFound = ids ? ids.filter((id) => !members.some((member) => member.userId === id)) : [];
	return chunks.map((chunk, index) => [
		GatewayDispatchEvents.GuildMembersChunk,
		{
			guild_id: guildId,
			members: chunk,
			chunk_index: index,
			chunk_count: chunks.length,
			...(index === chunks.length - 1 ? { not_found: notFound } : { not_found: [] }),
			...nonce
		}
	]);
}
