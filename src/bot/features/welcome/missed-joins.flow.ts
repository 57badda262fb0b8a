import { container } from '@sapphire/framework';
import { Status, type Client, type Guild, type GuildMember } from 'discord.js';
import { advanceGatewayWatermark, latestErasure, membersAwaitingScreening, readGatewayWatermark } from '../../../lib/data/gateway-watermark.ts';
import { servedGuild } from '../../served-guild.ts';
import { onMemberJoined } from './flow.ts';

/**
 * Joins the bot never heard of: it was offline, or Discord invalidated its session and the events in between were
 * lost (they are not replayed as after a RESUME). At each new session the bot lists the server's members (REST, paged;
 * Server Members intent) and takes every one who joined after the gateway watermark, or passed rules screening while
 * it was away, through the live join's claimed path (src/bot/features/welcome/flow.ts): welcomed once, whoever saw them first.
 *
 * - On a first-ever start (no watermark) it records now and welcomes nobody: the server's long-time members are not
 *   new members, then or later (nobody who joined before that first connection is ever taken).
 * - Never before the latest `/mydata delete`: an erased member has no row that could say "already welcomed", so a
 *   join older than the latest erasure may be theirs, and they come back only through a new action of their own.
 * - The watermark moves while a session is up (every minute) and after each reconciliation; the window starts a
 *   margin earlier, for events in flight when a session died and clocks that differ. Members already welcomed in that
 *   margin are skipped by the welcome claim.
 */
export const WATERMARK_INTERVAL_MS = 60_000;
export const WINDOW_MARGIN_MS = 2 * WATERMARK_INTERVAL_MS;
const PAGE_SIZE = 1000;

export interface MissedJoinsResult {
	readonly firstStart: boolean;
	/** Members taken through the join path (welcomed unless already welcomed or still pending screening). */
	readonly joined: number;
}

/** Every member of the server, page by page (1000 at a time, by user id), without filling the member cache. */
async function* listMembers(guild: Guild): AsyncGenerator<GuildMember> {
	let after: string | undefined;
	for (;;) {
		const page = await guild.members.list({ limit: PAGE_SIZE, cache: false, ...(after ? { after } : {}) });
		for (const member of page.values()) yield member;
		if (page.size < PAGE_SIZE) return;
		after = [...page.keys()].reduce((max, id) => (BigInt(id) > BigInt(max) ? id : max));
	}
}

/** Takes the members who joined (or passed screening) while the bot was not listening through the join path once. */
export async function welcomeMissedJoins(guild: Guild, sessionStart = new Date()): Promise<MissedJoinsResult> {
	const { db, log } = container;
	const watermark = await readGatewayWatermark(db);
	if (!watermark) {
		await advanceGatewayWatermark(db, sessionStart);
		log.info('First connection to Discord: members already in the server are not welcomed as new members');
		return { firstStart: true, joined: 0 };
	}
	const since = Math.max(watermark.seenAt.getTime() - WINDOW_MARGIN_MS, watermark.firstSeenAt.getTime());
	const erasure = (await latestErasure(db))?.getTime() ?? 0;
	const awaitingScreening = await membersAwaitingScreening(db);
	let joined = 0;
	let failed = 0;
	for await (const member of listMembers(guild)) {
		if (member.user.bot) continue;
		const joinedAt = member.joinedTimestamp ?? 0;
		const joinedWhileAway = joinedAt > since && joinedAt > erasure;
		const screenedWhileAway = !member.pending && awaitingScreening.has(member.id);
		if (!joinedWhileAway && !screenedWhileAway) continue;
		try {
			await onMemberJoined(member);
			joined += 1;
		} catch (error) {
			failed += 1;
			log.error('A member who joined while the bot was away could not be welcomed', { error });
		}
	}
	if (failed > 0) throw new Error(`${failed} member(s) who joined while the bot was away could not be welcomed; the next attempt retries them`);
	await advanceGatewayWatermark(db, sessionStart);
	if (joined > 0) log.info('Members who joined while the bot was away were taken through the join path', { members: joined });
	return { firstStart: false, joined };
}

/**
 * Runs the reconciliation at each new gateway session and keeps the watermark moving while one is up. One per
 * process; `stop()` at shutdown.
 */
export class MissedJoinsWatch {
	readonly #client: Client;
	#reconciled = false;
	#running: Promise<void> | null = null;
	#timer: NodeJS.Timeout | null = null;

	constructor(client: Client) {
		this.#client = client;
	}

	/** A new session (READY): its events start now, those before it may be lost. */
	async onNewSession(): Promise<void> {
		this.#reconciled = false;
		await this.#reconcile(new Date());
	}

	/** Every minute: retries a failed reconciliation, else records that the session is still up. */
	start(): void {
		this.#timer ??= setInterval(() => void this.#tick(), WATERMARK_INTERVAL_MS);
		this.#timer.unref();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	async #tick(): Promise<void> {
		try {
			if (!this.#connected()) return;
			if (!this.#reconciled) await this.#reconcile(new Date());
			else await advanceGatewayWatermark(container.db);
		} catch (error) {
			container.log.error('Recording the gateway watermark failed', { error });
		}
	}

	#connected(): boolean {
		return this.#client.ws.shards.size > 0 && this.#client.ws.shards.every((shard) => shard.status === Status.Ready);
	}

	async #reconcile(sessionStart: Date): Promise<void> {
		// One at a time; a session that starts during a run is reconciled after it.
		while (this.#running) await this.#running;
		this.#reconciled = false;
		const guild = servedGuild();
		if (!guild) return;
		this.#running = welcomeMissedJoins(guild, sessionStart).then(
			() => void (this.#reconciled = true),
			(error: unknown) => container.log.error('Welcoming members who joined while the bot was away failed; retried in a minute', { error })
		);
		try {
			await this.#running;
		} finally {
			this.#running = null;
		}
	}
}
