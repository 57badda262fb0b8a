import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from './clock.ts';
import { CoreImpl, type BotIdentity, type DmWithoutSharedServerCode, type FakeConfig, type FakeUrls } from './core.ts';
import { InteractionHandle } from './driver/interaction-handle.ts';
import { FakeMember } from './driver/member.ts';
import { botGuildIds, createOtherGuild, FakeGuild, type NewGuildOptions } from './guilds.ts';
import { MemberDirectory } from './driver/members.ts';
import { MessageWaiter, type MessageFilter } from './driver/message-waiter.ts';
import { createTextChannel, joinGuild, leaveGuild, memberRecordOf, passScreening, setRoles } from './driver/guild-actions.ts';
import { messageView, threadView, type MessageView, type ThreadView } from './driver/views.ts';
import { DEFAULT_WAIT_MS, waitUntil } from './driver/wait.ts';
import type { FailOptions, RateLimitOptions, RouteMatcher } from './http/faults.ts';
import { Router } from './http/router.ts';
import { handleHttp } from './http/server.ts';
import type { CommandRecord } from './model.ts';
import { registerRoutes } from './routes/index.ts';
import { channelPermissions } from './permissions.ts';
import { setChannelOverwrite, setRolePermissions } from './server-settings.ts';
import { seedGuild, type SeedChannelName, type SeedOptions } from './seed.ts';
import { SnowflakeFactory } from './snowflake.ts';
import { FakeState } from './state.ts';
import { LIMITS } from './validation/limits.ts';
import { nonceReplays } from './messages.ts';
import { archiveIdleThreads } from './thread-archiving.ts';
import { signAttachmentUrl } from './attachment-urls.ts';
import { canOpen, mentionOutcome, type MentionOutcome } from './notifications.ts';
import { createRole, setNickname, type NewRole } from './driver/guild-admin.ts';
import { NetworkDelay } from './network.ts';
import type { PrivilegedIntent } from './gateway.ts';
import { RateLimits, type RateLimitConfig } from './rate-limits.ts';
import { formatViolations, type Violation } from './violations.ts';

export interface FakeDiscordOptions extends SeedOptions {
	/** Default 3000 (Discord's rule). Lower it only to test the fake itself. */
	readonly interactionDeadlineMs?: number;
	/** Default 15 minutes. */
	readonly tokenLifetimeMs?: number;
	/** Default 10 MiB. */
	readonly maxFileBytes?: number;
	/** HELLO heartbeat interval sent to the bot (default 41250 like Discord). */
	readonly heartbeatIntervalMs?: number;
	/**
	 * Which members GUILD_CREATE carries: 'as-discord' (default): without the GuildPresences intent only the bot itself
	 * (no member is in voice here), so the bot meets the others first in events, interactions and member requests;
	 * 'all' sends every member whatever the intents (only for a test about something else that needs a warm cache).
	 */
	readonly guildCreateMembers?: 'all' | 'as-discord';
	/**
	 * The privileged intents enabled for the application in the developer portal (default: Server Members and Message
	 * Content, as the README tells owners). An IDENTIFY asking for another is closed with 4014.
	 */
	readonly privilegedIntents?: readonly PrivilegedIntent[];
	/**
	 * Discord's rate limits, on by default (rate-limits.ts): per-route buckets, the global 50/s, 429s. Smaller numbers
	 * let a test of the fake itself reach a limit quickly; `false` only for a test that must not meet them.
	 */
	readonly rateLimits?: Partial<RateLimitConfig> | false;
	/** One-way network delay on REST answers and gateway messages, in ms (default 0; e2e: tests/e2e/support/network.ts). */
	readonly networkDelayMs?: number;
	/**
	 * What sending a DM to a user who shares no server with the bot (never joined, or left) answers: 403 50278 (default,
	 * Discord's documented code for "no mutual guilds") or 403 50007 (the code bots have long reported for it).
	 */
	readonly dmWithoutSharedServer?: DmWithoutSharedServerCode;
}

/** The seeded channels by name (welcome, rules, general, support, sessions, staff, logs, extras) plus the category. */
export type FakeChannels = Readonly<Record<SeedChannelName | 'category', string>> & Readonly<Record<string, string | undefined>>;

/**
 * A fake Discord on 127.0.0.1 (REST + gateway) that a real discord.js client logs into, with a driver that acts
 * as guild members and a record of every Discord rule the bot broke.
 */
export class FakeDiscord {
	readonly #core: CoreImpl;
	readonly #server: Server;
	readonly #waiter: MessageWaiter;
	readonly #cleanups: (() => unknown)[] = [];
	#stopped = false;

	/** Create and find fake members: `await fake.members.create({ username: 'alice' })`. */
	readonly members: MemberDirectory;
	/** The fake's time; `fake.clock.advance(16 * 60_000)` to expire interaction tokens. */
	readonly clock: FakeClock;

	private constructor(core: CoreImpl, server: Server) {
		this.#core = core;
		this.#server = server;
		this.#waiter = new MessageWaiter(core);
		this.members = new MemberDirectory(core, this.#waiter);
		this.clock = core.clock;
	}

	/** Starts a fake on a random free loopback port. */
	static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
		const server = createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		const { port } = server.address() as AddressInfo;
		const http = `http://127.0.0.1:${port}`;
		const urls: FakeUrls = { http, api: `${http}/api`, gateway: `ws://127.0.0.1:${port}/gateway` };
		const clock = new FakeClock();
		const ids = new SnowflakeFactory(clock);
		const state = new FakeState(ids, clock, http);
		const seeded = seedGuild(state, options);
		const token = `${Buffer.from(seeded.botUserId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
		const config: FakeConfig = {
			interactionDeadlineMs: options.interactionDeadlineMs ?? LIMITS.interactionDeadlineMs,
			tokenLifetimeMs: options.tokenLifetimeMs ?? LIMITS.interactionTokenLifetimeMs,
			maxFileBytes: options.maxFileBytes ?? LIMITS.fileSizeBytes,
			guildCreateMembers: options.guildCreateMembers ?? 'as-discord',
			dmWithoutSharedServer: options.dmWithoutSharedServer ?? 50278,
			privilegedIntents: options.privilegedIntents ?? ['GuildMembers', 'MessageContent']
		};
		const bot: BotIdentity = { id: seeded.botUserId, applicationId: seeded.botUserId, token };
		const core = new CoreImpl(clock, ids, state, seeded, bot, urls, config, server, options.heartbeatIntervalMs ?? 41_250);
		clock.onAdvance(() => archiveIdleThreads(core));
		core.rateLimits = new RateLimits(options.rateLimits ?? {});
		core.network = new NetworkDelay(options.networkDelayMs ?? 0);
		const router = new Router();
		registerRoutes(router, core);
		server.on('request', (request, response) => void handleHttp(core, router, request, response));
		server.keepAliveTimeout = 1_000;
		core.transcript.add('fake', `fake Discord listening on ${http} (guild ${state.guildId}, bot ${bot.id})`);
		return new FakeDiscord(core, server);
	}

	/** `http://127.0.0.1:PORT/api`: pass as `new Client({ rest: { api: fake.apiBase, version: '10' } })`. */
	get apiBase(): string {
		return this.#core.urls.api;
	}

	/** `http://127.0.0.1:PORT` (attachments are served under `/attachments/`). */
	get httpBase(): string {
		return this.#core.urls.http;
	}

	get gatewayUrl(): string {
		return this.#core.urls.gateway;
	}

	/** The bot user: `fake.bot.token` logs a client in. */
	get bot(): { readonly id: string; readonly token: string; readonly username: string } {
		const user = this.#core.state.users.get(this.#core.bot.id);
		return { id: this.#core.bot.id, token: this.#core.bot.token, username: user?.username ?? '' };
	}

	get applicationId(): string {
		return this.#core.bot.applicationId;
	}

	get guildId(): string {
		return this.#core.state.guildId;
	}

	get staffRoleId(): string {
		return this.#core.seeded.staffRoleId;
	}

	/** The bot's managed role. */
	get botRoleId(): string {
		return this.#core.seeded.botRoleId;
	}

	/** @everyone (same id as the guild). */
	get everyoneRoleId(): string {
		return this.#core.state.guildId;
	}

	get ownerId(): string {
		return this.#core.state.ownerId;
	}

	get channels(): FakeChannels {
		return { ...this.#core.seeded.channels, category: this.#core.seeded.categoryId } as FakeChannels;
	}

	/**
	 * Invalid requests the bot made (401, 403, and 429 unless of scope "shared"): Discord bans an IP past 10,000 in
	 * 10 minutes. Injected faults count too when they are 401/403/429.
	 */
	get invalidRequests(): number {
		return this.#core.rateLimits.invalidTotal;
	}

	/** 429s the modelled rate limits answered (injected ones from `rateLimitNext` are not counted here). */
	get rateLimited(): number {
		return this.#core.rateLimits.refused;
	}

	/**
	 * Sends answered with an earlier message because they repeated its nonce (`enforce_nonce`). Discord hides such a
	 * resend from members; a test that proves a claim in the database can assert there were none.
	 */
	get nonceReplays(): number {
		return nonceReplays(this.#core);
	}

	/** Every Discord rule the bot broke so far. */
	get violations(): readonly Violation[] {
		return this.#core.violations.list();
	}

	clearViolations(): void {
		this.#core.violations.clear();
	}

	/** Returns the violations so far and clears them: for tests that expect the bot (or a raw request) to be refused. */
	takeViolations(): Violation[] {
		const violations = [...this.#core.violations.list()];
		this.#core.violations.clear();
		return violations;
	}

	/** Throws an Error listing every violation readably (none: returns). */
	assertNoViolations(): void {
		const violations = this.#core.violations.list();
		if (violations.length > 0) throw new Error(formatViolations(violations));
	}

	/** What happened so far: member actions, bot requests, gateway dispatches, violations. */
	transcript(): string {
		return this.#core.transcript.format();
	}

	clearTranscript(): void {
		this.#core.transcript.clear();
	}

	/** The next request matching `matcher` gets a 429 with `retry_after` and the X-RateLimit-* headers. */
	rateLimitNext(matcher: RouteMatcher, options: RateLimitOptions): void {
		this.#core.faults.rateLimitNext(matcher, options);
	}

	/** The next request matching `matcher` fails with `status` (discord.js retries 5xx three times). */
	failNext(matcher: RouteMatcher, status: number, options: FailOptions = {}): void {
		this.#core.faults.failNext(matcher, status, options);
	}

	/**
	 * The next request matching `matcher` is carried out (the message is posted), but its answer is lost: the bot gets
	 * a 502 and discord.js sends it again. Only a nonce with `enforce_nonce` keeps the message single.
	 */
	loseAnswerNext(matcher: RouteMatcher, options: FailOptions = {}): void {
		this.#core.faults.loseAnswerNext(matcher, options);
	}

	/** Resolves once a bot completed IDENTIFY (READY + GUILD_CREATE sent). */
	async waitForBotReady(options: { timeoutMs?: number } = {}): Promise<void> {
		await this.#core.gateway.waitForReady(options.timeoutMs ?? DEFAULT_WAIT_MS);
	}

	/** Drops the bot's gateway connection (close 4000); discord.js reconnects and RESUMEs, missed events are replayed. */
	dropGatewayConnection(code = 4000): void {
		this.#core.gateway.dropConnections(code);
	}

	/**
	 * Discord invalidates the bot's session (op 9 with `d: false`): it cannot be resumed, so discord.js identifies
	 * again; events in between (joins, messages...) are never dispatched to the bot.
	 */
	invalidateSession(): void {
		this.#core.gateway.invalidateSessions();
	}

	/** The owner switches privileged intents on or off in the developer portal (applies at the next IDENTIFY). */
	setPrivilegedIntents(intents: readonly PrivilegedIntent[]): void {
		this.#core.gateway.setPrivilegedIntents(intents);
	}

	/**
	 * The bot's next IDENTIFY is closed with `code` instead of starting a session, e.g. 4004 (authentication failed)
	 * for a token Discord refuses at the gateway after REST accepted it (a token reset in between).
	 */
	closeNextIdentify(code: number): void {
		this.#core.gateway.closeNextIdentify(code);
	}

	/** Gateway sessions currently connected (after IDENTIFY or RESUME). */
	get connectedBots(): number {
		return this.#core.gateway.readySessions;
	}

	/** The member joins the guild: GUILD_MEMBER_ADD (with `pending: true` if created pending). */
	async join(member: FakeMember): Promise<void> {
		joinGuild(this.#core, member);
	}

	/** The member accepts the rules: GUILD_MEMBER_UPDATE with `pending: false`. */
	async passScreening(member: FakeMember): Promise<void> {
		passScreening(this.#core, member);
	}

	/** The member leaves: GUILD_MEMBER_REMOVE. */
	async leave(member: FakeMember): Promise<void> {
		leaveGuild(this.#core, member);
	}

	/** An admin changes the member's roles: GUILD_MEMBER_UPDATE. */
	async setRoles(member: FakeMember, roleIds: readonly string[]): Promise<void> {
		setRoles(this.#core, member, roleIds);
	}

	/** Opens or closes the member's DMs (closed: the bot's DMs get 403 50007). */
	setDmsClosed(member: FakeMember, closed: boolean): void {
		memberRecordOf(this.#core, member).dmsClosed = closed;
	}

	/** An admin sets a role's permissions (Server Settings > Roles): GUILD_ROLE_UPDATE. */
	setRolePermissions(roleId: string, permissions: bigint): void {
		setRolePermissions(this.#core, roleId, permissions);
	}

	/**
	 * An admin edits a channel's permission overwrite for a role (`type: 0`) or a member (`type: 1`), or removes it
	 * (`{ id, remove: true }`): CHANNEL_UPDATE.
	 */
	setChannelOverwrite(
		channelId: string,
		overwrite: { id: string; type: 0 | 1; allow?: bigint; deny?: bigint } | { id: string; remove: true }
	): void {
		setChannelOverwrite(
			this.#core,
			channelId,
			'remove' in overwrite ? overwrite : { id: overwrite.id, type: overwrite.type, allow: overwrite.allow ?? 0n, deny: overwrite.deny ?? 0n }
		);
	}

	/** The permissions Discord computes for a user in a channel (roles, overwrites, owner, Administrator). */
	permissionsIn(channelId: string, userId: string): bigint {
		return channelPermissions(this.#core.state, userId, channelId);
	}

	/**
	 * Adds a text channel (optionally visible to staff only; with `botCanSend: false` the bot's role is denied Send
	 * Messages there) and dispatches CHANNEL_CREATE; returns its id.
	 */
	createChannel(name: string, options: { staffOnly?: boolean; parentId?: string; botCanSend?: boolean } = {}): string {
		return createTextChannel(this.#core, name, options);
	}

	/**
	 * Another server with its owner, @everyone, the bot's role (the invite list's permissions) and text channels; the
	 * bot is added at once (GUILD_CREATE) unless `withBot: false`. When the bot leaves it, Discord's GUILD_DELETE follows.
	 */
	addGuild(options: NewGuildOptions = {}): FakeGuild {
		const record = createOtherGuild(this.#core, options);
		return new FakeGuild(this.#core, record, new FakeMember(this.#core, record.ownerId, this.#waiter));
	}

	/** Ids of the servers the bot is in now (the seeded one first). */
	botGuildIds(): string[] {
		return botGuildIds(this.#core.state, this.#core.bot.id);
	}

	/** The next message matching `filter` (default: from the bot, not ephemeral) that no earlier wait returned. */
	async waitForMessage(filter: MessageFilter = {}, options: { timeoutMs?: number } = {}): Promise<MessageView> {
		return this.#waiter.next(filter, options.timeoutMs);
	}

	/** Messages in a channel, oldest first. */
	messages(channelId: string): MessageView[] {
		return this.#core.state.channelMessages(channelId).map(messageView);
	}

	message(messageId: string): MessageView | undefined {
		const record = this.#core.state.messages.get(messageId);
		return record ? messageView(record) : undefined;
	}

	/** The DM channel id between the bot and a member, if one was opened. */
	dmChannelOf(member: FakeMember): string | undefined {
		return this.#core.state.dmChannels.get(member.id);
	}

	/** Threads, optionally only those under a channel. */
	threads(filter: { parentId?: string } = {}): ThreadView[] {
		return [...this.#core.state.channels.values()]
			.filter((channel) => channel.thread && (!filter.parentId || channel.parentId === filter.parentId))
			.map(threadView);
	}

	/**
	 * Who Discord would notify of a message (mentions let through by allowed_mentions, Mention Everyone / mentionable
	 * roles, only people who can open the channel; in a thread, only its members). See notifications.ts.
	 */
	notifiedBy(messageId: string): string[] {
		return [...(mentionOutcome(this.#core, messageId)?.notified ?? [])];
	}

	/** The whole outcome of a message's mentions: notified, mentioned, added to the thread, roles that reached nobody. */
	mentionsOf(messageId: string): MentionOutcome | undefined {
		return mentionOutcome(this.#core, messageId);
	}

	/** A freshly signed URL of an attachment (valid 24 h on the fake clock), as a payload fetched now would carry. */
	attachmentUrl(attachmentId: string): string {
		const attachment = this.#core.state.attachments.get(attachmentId);
		if (!attachment) throw new Error(`fake Discord: no attachment ${attachmentId}`);
		return signAttachmentUrl(this.#core.state, attachment.url);
	}

	/** Whether a member (or user id) can open a channel or thread: a private thread needs membership or Manage Threads. */
	canOpen(member: FakeMember | string, channelId: string): boolean {
		return canOpen(this.#core, typeof member === 'string' ? member : member.id, channelId);
	}

	/** An admin creates a role (GUILD_ROLE_CREATE); returns its id. */
	createRole(role: NewRole): string {
		return createRole(this.#core, role);
	}

	/** The member's server nickname changes (GUILD_MEMBER_UPDATE); null clears it. */
	setNickname(member: FakeMember, nick: string | null): void {
		setNickname(this.#core, member, nick);
	}

	/** Waits for a thread matching the filter (e.g. the private thread the bot opens for a member). */
	async waitForThread(
		filter: { parentId?: string; predicate?: (thread: ThreadView) => boolean },
		options: { timeoutMs?: number } = {}
	): Promise<ThreadView> {
		return this.waitFor(
			`a thread${filter.parentId ? ` in ${this.#core.describeChannel(filter.parentId)}` : ''}`,
			() => this.threads(filter).find((thread) => (filter.predicate ? filter.predicate(thread) : true)),
			options
		);
	}

	/** Waits until `check` returns something other than undefined/false; re-checked after every gateway dispatch. */
	async waitFor<T>(description: string, check: () => T | undefined | false, options: { timeoutMs?: number } = {}): Promise<T> {
		const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
		return waitUntil<T>({
			timeoutMs,
			check: () => {
				const value = check();
				return value === false ? undefined : value;
			},
			subscribe: (wake) => {
				const stopDispatch = this.#core.gateway.onDispatch(() => wake());
				const stopMessages = this.#core.state.onMessage(() => wake());
				const poll = setInterval(wake, 50);
				return () => {
					stopDispatch();
					stopMessages();
					clearInterval(poll);
				};
			},
			onTimeout: () => `timed out after ${timeoutMs} ms waiting for ${description}`
		});
	}

	/** Application commands the bot registered (global and guild). */
	commands(): CommandRecord[] {
		return [...this.#core.state.commands.values()].map((command) => structuredClone(command));
	}

	/** Waits until the bot has registered a slash command (Sapphire registers them after ready, asynchronously). */
	async waitForCommand(name: string, options: { timeoutMs?: number } = {}): Promise<CommandRecord> {
		return this.waitFor(`the bot to register /${name}`, () => this.commands().find((command) => command.name === name), options);
	}

	/** A handle to an interaction already sent (e.g. from the transcript id). */
	interaction(id: string): InteractionHandle | undefined {
		const record = this.#core.interactions.byId(id);
		return record ? new InteractionHandle(this.#core, record) : undefined;
	}

	/** Runs at stop(), before the server closes (e.g. `() => client.destroy()`), last added first. */
	addCleanup(cleanup: () => unknown): void {
		this.#cleanups.push(cleanup);
	}

	/** Closes sockets, timers and the server. Safe to call twice. */
	async stop(): Promise<void> {
		if (this.#stopped) return;
		this.#stopped = true;
		for (const cleanup of this.#cleanups.reverse()) {
			try {
				await cleanup();
			} catch (error) {
				console.error('fake Discord cleanup failed:', error);
			}
		}
		this.#core.gateway.close();
		this.#core.interactions.dispose();
		this.#core.faults.clear();
		this.#server.closeAllConnections();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}
}
