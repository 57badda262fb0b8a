import type { FakeCore } from '../core.ts';
import { sharesGuildWithBot } from '../guilds.ts';
import { DiscordErrors, type HttpError } from '../http/errors.ts';
import type { ChannelRecord } from '../model.ts';

const REFUSED_DM_LOOP_WINDOW_MS = 10_000;
const REFUSED_DM_LOOP_ATTEMPTS = 3;

/**
 * Whether the bot may send in a DM channel. Opening one always works (POST /users/@me/channels); sending is refused
 * with 403 when the recipient shares no server with the bot (never joined, or left: 50278 by default, 50007 with
 * `dmWithoutSharedServer: 50007`) or has DMs from server members off (50007). Sending again and again within seconds
 * after such an answer is itself a violation: every 403 counts toward Discord's invalid-request ban.
 */
export class DmReach {
	readonly #refusedAttempts = new Map<string, number[]>();

	constructor(private readonly core: FakeCore) {}

	assertCanSend(channel: ChannelRecord, route: string): void {
		const { core } = this;
		const recipientId = channel.recipientId ?? '';
		const member = core.state.members.get(recipientId);
		const shared = sharesGuildWithBot(core.state, recipientId, core.bot.id);
		if (shared && !member?.dmsClosed) return;
		const why = shared ? 'DMs closed' : 'shares no server with the bot';
		const refusal = shared ? DiscordErrors.cannotSendToUser() : this.#noSharedServer();
		const now = core.clock.now();
		const recent = (this.#refusedAttempts.get(channel.id) ?? []).filter((at) => now - at < REFUSED_DM_LOOP_WINDOW_MS);
		recent.push(now);
		this.#refusedAttempts.set(channel.id, recent);
		const name = core.state.users.get(recipientId)?.username ?? recipientId;
		if (recent.length === REFUSED_DM_LOOP_ATTEMPTS) {
			throw refusal.asViolation(
				'closed-dm-loop',
				`${route}: ${recent.length} DMs to ${name} (${why}) within ${REFUSED_DM_LOOP_WINDOW_MS / 1000} s; after a ${String(refusal.body.code)} the bot must remember it and stop retrying`
			);
		}
		throw refusal;
	}

	#noSharedServer(): HttpError {
		return this.core.config.dmWithoutSharedServer === 50007 ? DiscordErrors.cannotSendToUser() : DiscordErrors.cannotSendNoMutualGuilds();
	}
}
