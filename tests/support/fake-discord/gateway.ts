import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { FakeCore } from './core.ts';
import type { JsonObject } from './model.ts';
import { userToAPI, requireUser } from './serialize.ts';
import { botGuildIds, isGuildMember, otherGuildToAPI, otherGuilds } from './guilds.ts';
import { guildToAPI } from './serialize-guild.ts';
import { answerMemberRequest } from './member-requests.ts';

export interface DispatchOptions {
	/** The session needs at least one of these intents to receive the event (none = always sent). */
	readonly intents?: readonly GatewayIntentBits[];
	/** A guild message by someone else: without MessageContent the bot gets it with content, embeds, attachments and components blanked. */
	readonly contentGated?: boolean;
	/** Transcript line; defaults to the event name. */
	readonly summary?: string;
}

interface SentEvent {
	readonly s: number;
	readonly t: string;
	readonly d: unknown;
}

interface Session {
	readonly id: string;
	socket: WebSocket | null;
	seq: number;
	intents: number;
	readonly sent: SentEvent[];
}

const REPLAY_BUFFER = 500;

/** Intents an application must enable in the developer portal (Bot > Privileged Gateway Intents) before asking for them. */
export const PRIVILEGED_INTENTS = ['GuildMembers', 'GuildPresences', 'MessageContent'] as const;
export type PrivilegedIntent = (typeof PRIVILEGED_INTENTS)[number];

/** Close reasons as opcodes-and-status-codes.mdx words them. */
const CLOSE_REASONS: Readonly<Record<number, string>> = { 4004: 'Authentication failed.', 4014: 'Disallowed intent(s).' };

/** The fake gateway: HELLO, IDENTIFY/RESUME, READY + GUILD_CREATE, heartbeats, and dispatches with sequence numbers. */
export class Gateway {
	readonly #core: FakeCore;
	readonly #wss = new WebSocketServer({ noServer: true });
	readonly #sessions = new Map<string, Session>();
	readonly #readyListeners = new Set<() => void>();
	readonly #dispatchListeners = new Set<(event: string) => void>();
	readonly #heartbeatIntervalMs: number;
	#privileged: ReadonlySet<PrivilegedIntent>;
	/** When the bot (any of its sessions) last asked for a guild's entire member list, by guild id (fake clock). */
	readonly #entireListAt = new Map<string, number>();
	/** closeNextIdentify(): the close code the next IDENTIFY gets instead of a session. */
	#identifyFault: number | null = null;
	/** Set by invalidateSessions() until the next IDENTIFY (for the transcript). */
	#invalidated = false;

	constructor(core: FakeCore, server: Server, heartbeatIntervalMs: number) {
		this.#core = core;
		this.#privileged = new Set(core.config.privilegedIntents);
		this.#heartbeatIntervalMs = heartbeatIntervalMs;
		server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
			if (!request.url?.startsWith('/gateway')) {
				socket.destroy();
				return;
			}
			this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws));
		});
	}

	/** Sessions that completed IDENTIFY and still have an open socket. */
	get readySessions(): number {
		return [...this.#sessions.values()].filter((session) => session.socket !== null).length;
	}

	/** Resolves once a bot session is READY (immediately if one already is). */
	async waitForReady(timeoutMs: number): Promise<void> {
		if (this.readySessions > 0) return;
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#readyListeners.delete(done);
				reject(new Error(`fake Discord: no bot logged in to the gateway within ${timeoutMs} ms`));
			}, timeoutMs);
			const done = (): void => {
				clearTimeout(timer);
				this.#readyListeners.delete(done);
				resolve();
			};
			this.#readyListeners.add(done);
		});
	}

	dispatch(event: string, data: unknown, options: DispatchOptions = {}): void {
		let delivered = 0;
		let filtered = 0;
		for (const session of this.#sessions.values()) {
			const wanted = options.intents ?? [];
			if (wanted.length > 0 && !wanted.some((intent) => (session.intents & intent) !== 0)) {
				filtered += 1;
				continue;
			}
			const blank = options.contentGated === true && (session.intents & GatewayIntentBits.MessageContent) === 0;
			this.#send(session, event, blank ? withoutContent(data) : data);
			if (session.socket) delivered += 1;
		}
		const missed =
			delivered > 0
				? ''
				: filtered > 0
					? ' (not delivered: the bot lacks the intent)'
					: this.#sessions.size > 0
						? ' (queued: the bot is disconnected)'
						: this.#invalidated
							? ' (lost: the session was invalidated and the bot has not identified again)'
							: '';
		this.#core.transcript.add('gateway', `→ ${options.summary ?? event}${missed}`);
		for (const listener of [...this.#dispatchListeners]) listener(event);
	}

	/** Called after every dispatch (delivered or not): every visible state change goes through here. */
	onDispatch(listener: (event: string) => void): () => void {
		this.#dispatchListeners.add(listener);
		return () => this.#dispatchListeners.delete(listener);
	}

	/** Drops every bot connection with `code` (default 4000, resumable) as a flaky network or Discord restart would. */
	dropConnections(code = 4000): void {
		for (const session of this.#sessions.values()) {
			session.socket?.close(code, 'Dropped by fake Discord');
		}
		this.#core.transcript.add('gateway', `dropped the bot's gateway connection (close ${code})`);
	}

	/**
	 * Discord invalidates every session (op 9, `d: false`): they cannot be resumed, and events dispatched until the bot
	 * identifies again are never sent to it.
	 */
	invalidateSessions(): void {
		for (const session of this.#sessions.values()) {
			if (session.socket) this.#raw(session.socket, { op: GatewayOpcodes.InvalidSession, d: false });
			session.socket = null;
		}
		this.#sessions.clear();
		this.#invalidated = true;
		this.#core.transcript.add('gateway', "invalidated the bot's session (op 9, d: false): events until the next IDENTIFY are lost");
	}

	/** Whether the application has this privileged intent enabled in the developer portal. */
	privilegedEnabled(intent: PrivilegedIntent): boolean {
		return this.#privileged.has(intent);
	}

	/** The privileged intents the application has enabled in the developer portal (an IDENTIFY asking for another gets 4014). */
	setPrivilegedIntents(intents: readonly PrivilegedIntent[]): void {
		this.#privileged = new Set(intents);
	}

	/** The next IDENTIFY is closed with `code` (e.g. 4004: Discord refuses at the gateway a token REST accepted a moment before). */
	closeNextIdentify(code: number): void {
		this.#identifyFault = code;
	}

	close(): void {
		for (const client of this.#wss.clients) client.terminate();
		this.#wss.close();
		this.#sessions.clear();
		this.#dispatchListeners.clear();
		this.#readyListeners.clear();
	}

	#accept(socket: WebSocket): void {
		let session: Session | null = null;
		this.#raw(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#heartbeatIntervalMs, _trace: ['fake-discord'] } });
		socket.on('message', (raw: RawData) => {
			const payload = parse(raw);
			if (!payload) {
				socket.close(4002, 'Error while decoding payload.');
				return;
			}
			session = this.#handle(socket, session, payload);
		});
		socket.on('close', (code: number) => {
			if (!session || session.socket !== socket) return;
			session.socket = null;
			// A client closing with 1000/1001 ends its session; anything else may RESUME it.
			if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
		});
		socket.on('error', () => undefined);
	}

	#handle(socket: WebSocket, session: Session | null, payload: { op: GatewayOpcodes; d: unknown }): Session | null {
		const data = (payload.d ?? {}) as JsonObject;
		switch (payload.op) {
			case GatewayOpcodes.Heartbeat:
				this.#raw(socket, { op: GatewayOpcodes.HeartbeatAck });
				return session;
			case GatewayOpcodes.Identify:
				return this.#identify(socket, session, data);
			case GatewayOpcodes.Resume:
				return this.#resume(socket, data);
			case GatewayOpcodes.RequestGuildMembers:
				if (session) this.#memberChunk(session, data);
				return session;
			case GatewayOpcodes.PresenceUpdate:
			case GatewayOpcodes.VoiceStateUpdate:
			case GatewayOpcodes.RequestSoundboardSounds:
				return session;
			default:
				this.#core.recordViolation('gateway', `the bot sent unknown gateway opcode ${payload.op}`, null);
				socket.close(4001, 'Unknown opcode.');
				return session;
		}
	}

	#identify(socket: WebSocket, current: Session | null, data: JsonObject): Session | null {
		if (current) {
			socket.close(4005, 'Already authenticated.');
			return current;
		}
		if (this.#identifyFault !== null) {
			const code = this.#identifyFault;
			this.#identifyFault = null;
			this.#core.transcript.add('gateway', `bot IDENTIFY refused on demand: close ${code}`);
			socket.close(code, CLOSE_REASONS[code] ?? 'Refused by fake Discord.');
			return null;
		}
		if (data.token !== this.#core.bot.token) {
			this.#core.recordViolation('unauthorized', 'gateway IDENTIFY with a token that is not the fake bot token', null);
			socket.close(4004, CLOSE_REASONS[4004]);
			return null;
		}
		const intents = Number(data.intents ?? 0);
		const disallowed = PRIVILEGED_INTENTS.filter((name) => (intents & GatewayIntentBits[name]) !== 0 && !this.#privileged.has(name));
		if (disallowed.length > 0) {
			// Not a violation: the owner has to flip a switch in the developer portal, and the bot must say which.
			this.#core.transcript.add(
				'gateway',
				`bot IDENTIFY with privileged intents not enabled for the application (${disallowed.join(', ')}): close 4014`
			);
			socket.close(4014, CLOSE_REASONS[4014]);
			return null;
		}
		this.#invalidated = false;
		const session: Session = { id: this.#core.ids.next(), socket, seq: 0, intents, sent: [] };
		this.#sessions.set(session.id, session);
		this.#core.transcript.add('gateway', `bot IDENTIFY (intents ${describeIntents(session.intents)})`);
		const { state, bot } = this.#core;
		this.#send(session, GatewayDispatchEvents.Ready, {
			v: 10,
			user: { ...userToAPI(requireUser(state, bot.id)), verified: true, mfa_enabled: false, email: null },
			guilds: botGuildIds(state, bot.id).map((id) => ({ id, unavailable: true })),
			session_id: session.id,
			session_type: 'normal',
			resume_gateway_url: this.#core.urls.gateway,
			shard: [0, 1],
			application: { id: bot.applicationId, flags: 0 },
			private_channels: [],
			presences: [],
			relationships: [],
			guild_join_requests: [],
			geo_ordered_rtc_regions: [],
			user_settings: {},
			_trace: ['fake-discord']
		});
		// Discord sends every member only to a bot with the presences intent (and under 75k members); without it, the bot itself.
		const onlyBot = this.#core.config.guildCreateMembers === 'as-discord' && (session.intents & GatewayIntentBits.GuildPresences) === 0;
		if (isGuildMember(state, state.guildId, bot.id))
			this.#send(session, GatewayDispatchEvents.GuildCreate, guildToAPI(state, { full: true, botId: bot.id, onlyBot }));
		for (const other of otherGuilds(state).values()) {
			if (isGuildMember(state, other.id, bot.id)) this.#send(session, GatewayDispatchEvents.GuildCreate, otherGuildToAPI(this.#core, other));
		}
		for (const listener of [...this.#readyListeners]) listener();
		return session;
	}

	#resume(socket: WebSocket, data: JsonObject): Session | null {
		const session = typeof data.session_id === 'string' ? this.#sessions.get(data.session_id) : undefined;
		if (!session || data.token !== this.#core.bot.token) {
			this.#raw(socket, { op: GatewayOpcodes.InvalidSession, d: false });
			return null;
		}
		session.socket = socket;
		const after = typeof data.seq === 'number' ? data.seq : 0;
		const missed = session.sent.filter((event) => event.s > after);
		for (const event of missed) this.#raw(socket, { op: GatewayOpcodes.Dispatch, t: event.t, s: event.s, d: event.d });
		this.#send(session, GatewayDispatchEvents.Resumed, { _trace: ['fake-discord'] });
		this.#core.transcript.add('gateway', `bot RESUME (replayed ${missed.length} events)`);
		return session;
	}

	#memberChunk(session: Session, data: JsonObject): void {
		const request = { intents: session.intents, entireListAt: this.#entireListAt };
		for (const [event, payload] of answerMemberRequest(this.#core, request, data)) this.#send(session, event, payload);
	}

	#send(session: Session, event: string, data: unknown): void {
		session.seq += 1;
		session.sent.push({ s: session.seq, t: event, d: data });
		if (session.sent.length > REPLAY_BUFFER) session.sent.shift();
		if (session.socket) this.#raw(session.socket, { op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: data });
	}

	#raw(socket: WebSocket, payload: JsonObject): void {
		const text = JSON.stringify({ s: null, t: null, ...payload });
		this.#core.network.later(() => {
			if (socket.readyState === socket.OPEN) socket.send(text);
		});
	}
}

function parse(raw: RawData): { op: GatewayOpcodes; d: unknown } | null {
	try {
		const text = Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8');
		const payload = JSON.parse(text) as { op?: unknown; d?: unknown };
		return typeof payload.op === 'number' ? { op: payload.op as GatewayOpcodes, d: payload.d } : null;
	} catch {
		return null;
	}
}

function withoutContent(data: unknown): unknown {
	if (data === null || typeof data !== 'object') return data;
	return { ...data, content: '', embeds: [], attachments: [], components: [] };
}

function describeIntents(intents: number): string {
	const names = Object.entries(GatewayIntentBits)
		.filter(([name, bit]) => typeof bit === 'number' && Number.isNaN(Number(name)) && (intents & bit) !== 0)
		.map(([name]) => name);
	return names.length > 0 ? names.join(', ') : 'none';
}
