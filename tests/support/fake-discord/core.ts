import type { Server } from 'node:http';
import { ChannelType } from 'discord.js';
import type { FakeClock } from './clock.ts';
import { Gateway, type PrivilegedIntent } from './gateway.ts';
import { FaultInjector } from './http/faults.ts';
import { InteractionRegistry } from './interactions.ts';
import { NetworkDelay } from './network.ts';
import { RateLimits } from './rate-limits.ts';
import type { SeededGuild } from './seed.ts';
import type { SnowflakeFactory } from './snowflake.ts';
import type { FakeState } from './state.ts';
import { Transcript } from './transcript.ts';
import { formatViolation, ViolationLog, type Violation, type ViolationKind } from './violations.ts';

export interface FakeConfig {
	/** How long the bot has to answer an interaction (Discord: 3000 ms). */
	readonly interactionDeadlineMs: number;
	/** How long an interaction token works for follow-ups and edits (Discord: 15 minutes). */
	readonly tokenLifetimeMs: number;
	/** Largest file the bot may upload (Discord default: 10 MiB). */
	readonly maxFileBytes: number;
	/** Which members GUILD_CREATE carries (FakeDiscordOptions.guildCreateMembers). */
	readonly guildCreateMembers: 'all' | 'as-discord';
	/** The code a DM to a user who shares no server with the bot gets (FakeDiscordOptions.dmWithoutSharedServer). */
	readonly dmWithoutSharedServer: DmWithoutSharedServerCode;
	/** The privileged intents enabled for the application (FakeDiscordOptions.privilegedIntents). */
	readonly privilegedIntents: readonly PrivilegedIntent[];
}

/** 50278 is documented for "no mutual guilds" (since March 2026); 50007 is what bots have long reported for it. */
export type DmWithoutSharedServerCode = 50007 | 50278;

export interface BotIdentity {
	readonly id: string;
	readonly applicationId: string;
	readonly token: string;
}

export interface FakeUrls {
	/** `http://127.0.0.1:PORT` */
	readonly http: string;
	/** `http://127.0.0.1:PORT/api`: what discord.js takes as `rest.api`. */
	readonly api: string;
	/** `ws://127.0.0.1:PORT/gateway` */
	readonly gateway: string;
}

/** The pieces of one fake Discord, shared by the REST routes, the gateway and the member driver. */
export interface FakeCore {
	readonly clock: FakeClock;
	readonly ids: SnowflakeFactory;
	readonly state: FakeState;
	readonly violations: ViolationLog;
	readonly transcript: Transcript;
	readonly gateway: Gateway;
	readonly interactions: InteractionRegistry;
	readonly faults: FaultInjector;
	/** Discord's per-route and global limits and the invalid-request count (rate-limits.ts). */
	readonly rateLimits: RateLimits;
	/** The one-way network delay on REST answers and gateway messages (network.ts). */
	readonly network: NetworkDelay;
	readonly bot: BotIdentity;
	readonly urls: FakeUrls;
	readonly config: FakeConfig;
	readonly seeded: SeededGuild;
	recordViolation(kind: ViolationKind, reason: string, route: string | null): Violation;
	describeChannel(channelId: string): string;
}

/** "#general", "DM with alice", "thread "Session alice" in #sessions". */
export function describeChannelOf(state: FakeState, channelId: string): string {
	const channel = state.channels.get(channelId);
	if (!channel) return `channel ${channelId}`;
	if (channel.type === ChannelType.DM) return `DM with ${state.users.get(channel.recipientId ?? '')?.username ?? channel.recipientId}`;
	if (channel.thread) {
		const parent = channel.parentId ? state.channels.get(channel.parentId)?.name : null;
		return `thread "${channel.name ?? channel.id}"${parent ? ` in #${parent}` : ''}`;
	}
	return `#${channel.name ?? channel.id}`;
}

/** The one implementation of FakeCore; FakeDiscord builds it once the server has a port. */
export class CoreImpl implements FakeCore {
	readonly gateway: Gateway;
	readonly interactions: InteractionRegistry;
	readonly faults = new FaultInjector();
	rateLimits = new RateLimits();
	network = new NetworkDelay(0);
	readonly violations = new ViolationLog();
	readonly transcript: Transcript;

	constructor(
		readonly clock: FakeClock,
		readonly ids: SnowflakeFactory,
		readonly state: FakeState,
		readonly seeded: SeededGuild,
		readonly bot: BotIdentity,
		readonly urls: FakeUrls,
		readonly config: FakeConfig,
		server: Server,
		heartbeatIntervalMs: number
	) {
		this.transcript = new Transcript(clock);
		this.interactions = new InteractionRegistry(this);
		this.gateway = new Gateway(this, server, heartbeatIntervalMs);
	}

	recordViolation(kind: ViolationKind, reason: string, route: string | null): Violation {
		const violation = this.violations.record(kind, reason, route, this.clock.now());
		this.transcript.add('violation', formatViolation(violation));
		return violation;
	}

	describeChannel(channelId: string): string {
		return describeChannelOf(this.state, channelId);
	}
}
