/**
 * Memory over a long run: the compiled bot (dist/bin/fpsos.js, the Docker image's NODE_OPTIONS) on the local fake
 * Discord with real PostgreSQL (and Redis when REDIS_URL is set), under a mix of what a server sends it over weeks:
 * slash commands, buttons, modals, chat in a channel and in DMs, members joining (new people) and leaving, bookings
 * whose reminders fall due a few seconds later, and support tickets opened, claimed and closed. The guild starts
 * with BENCH_MEMBERS members and GUILD_CREATE carries them as Discord does for a bot without the presences intent:
 * the bot alone, so the others are met (and cached) through their events and interactions.
 *
 * Every BENCH_CHECKPOINT events the load pauses and the bot's RSS (from /proc) and its V8 heap used after a full
 * garbage collection (through the inspector, `--inspect` on loopback added to the image's flags) are printed; with
 * BENCH_HEAP_SNAPSHOTS=<dir> a heap snapshot is also written there at each checkpoint (compare two with
 * `npx tsx bench/heap-diff.ts a b`; snapshots cost time and memory, so leave it off for the figures).
 * Target (issue 18): RSS growth under 5 MiB between the first checkpoint and the last, peak RSS under 150 MiB.
 *
 * Environment: BENCH_EVENTS (100000), BENCH_CHECKPOINT (10000), BENCH_MEMBERS (5000), BENCH_CONCURRENCY (members
 * acting at once, 8), BENCH_GUILD_CREATE (`as-discord` (default) or `all`: every member cached from the start, as
 * bench:bot does), BENCH_NODE_OPTIONS (instead of the image's flags), BENCH_HEAP_SNAPSHOTS, DATABASE_URL (a scratch
 * database is created on that server; default the local test server), REDIS_URL. Prints a report and, last, one JSON
 * line.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { inviteeCreated } from '../supabase/functions/_shared/fixtures/deliveries.ts';
import { projectRoot } from '../src/lib/paths.ts';
import { startBotProcess, waitUntilHealthy } from '../tests/e2e/support/bot-process.ts';
import { postCalendly } from '../tests/e2e/support/calendly.ts';
import { createScratchDatabase } from '../tests/support/databases.ts';
import { FakeDiscord, type BotReply, type FakeMember, type InteractionHandle } from '../tests/support/fake-discord/index.ts';
import { imageNodeOptions } from '../tests/support/image.ts';
import { freePort } from '../tests/support/ports.ts';
import { benchBotEnv, printClosing, reportFailure, stopBot } from './support/bot.ts';
import { memberFlows, messageOf, weightedPicker } from './support/flows.ts';
import { Inspector } from './support/inspector.ts';
import { load, memoryOf, MiB, mib } from './support/process-memory.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const CHECKPOINT = Number(process.env.BENCH_CHECKPOINT ?? 10_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const guildCreate = process.env.BENCH_GUILD_CREATE ?? 'as-discord';
if (guildCreate !== 'as-discord' && guildCreate !== 'all') throw new Error(`BENCH_GUILD_CREATE must be "as-discord" or "all", not ${guildCreate}`);
const snapshotDir = process.env.BENCH_HEAP_SNAPSHOTS || undefined;
const databaseBase = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redis = process.env.REDIS_URL;
const nodeOptions = process.env.BENCH_NODE_OPTIONS ?? imageNodeOptions();
const signingKey = 'fpsos-soak-signing-key-0123456789';
const HOUR = 3_600_000;

execFileSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });

const loadBefore = load();
const fake = await FakeDiscord.start({ guildCreateMembers: guildCreate });
const members: FakeMember[] = [];
for (let index = 0; index < MEMBERS; index += 1)
	members.push(await fake.members.create({ username: `member${String(index).padStart(6, '0')}`, joined: true }));
const staff = await fake.members.create({ username: 'coach', roles: [fake.staffRoleId], joined: true });

const scratch = await createScratchDatabase(databaseBase);
const inspectPort = await freePort();
const bot = await startBotProcess(
	fake,
	benchBotEnv(fake, scratch.url, {
		DISCORD_CHAT_CHANNEL_IDS: fake.channels.general,
		CALENDLY_WEBHOOK_SIGNING_KEY: signingKey,
		FPSOS_LOG_LEVEL: 'warn',
		NODE_OPTIONS: `${nodeOptions} --inspect=127.0.0.1:${inspectPort}`.trim()
	}),
	join(projectRoot, 'dist/bin/fpsos.js')
);
const pid = bot.child.pid!;
let failed = false;
let inspector: Inspector | undefined;
const sql = postgres(scratch.url, { max: 1, onnotice: () => undefined });

interface Checkpoint {
	events: number;
	seconds: number;
	rss_mib: number;
	heap_used_mib: number;
	heap_total_mib: number;
}
const checkpoints: Checkpoint[] = [];
const counts = new Map<string, number>();
let issued = 0;
let failures = 0;
const failureSamples: string[] = [];

try {
	await waitUntilHealthy(bot, 120_000);
	for (const name of ['ping', 'packages', 'fpsos', 'diagnostic', 'book', 'support']) await fake.waitForCommand(name, { timeoutMs: 60_000 });
	inspector = await Inspector.connect(inspectPort);
	await sleep(2_000);

	const runStarted = performance.now();
	async function checkpoint(): Promise<Checkpoint> {
		const rss = memoryOf(pid).rss;
		const heap = await inspector!.heapAfterGc();
		const point = {
			events: issued,
			seconds: Math.round((performance.now() - runStarted) / 1000),
			rss_mib: Number((rss / MiB).toFixed(1)),
			heap_used_mib: Number((heap.used / MiB).toFixed(1)),
			heap_total_mib: Number((heap.total / MiB).toFixed(1))
		};
		checkpoints.push(point);
		console.log(
			`checkpoint ${String(point.events).padStart(7)} events  ${String(point.seconds).padStart(5)} s  RSS ${mib(rss)}  heap used ${point.heap_used_mib.toFixed(1)} MiB (of ${point.heap_total_mib.toFixed(1)})  load ${loadavg()[0]!.toFixed(2)}`
		);
		if (snapshotDir) await inspector!.heapSnapshot(join(snapshotDir, `soak-${String(issued).padStart(7, '0')}.heapsnapshot`));
		return point;
	}

	/** One event reaching the bot, counted under `label`. False once the budget of this segment is spent. */
	let budget = 0;
	function spend(label: string): boolean {
		if (issued >= budget) return false;
		issued += 1;
		counts.set(label, (counts.get(label) ?? 0) + 1);
		return true;
	}
	async function act(label: string, start: () => Promise<InteractionHandle>): Promise<BotReply | null> {
		if (!spend(label)) return null;
		return (await start()).reply({ timeoutMs: 15_000 });
	}
	const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;

	const chatLines = [
		'hi',
		'hello everyone',
		'how much is the full tune-up?',
		'my game stutters a lot',
		'anyone playing tonight?',
		'gg',
		'salam',
		'thanks!',
		'can I book a session?',
		'lol'
	];
	let joined = 0;

	async function deliver(delivery: unknown): Promise<void> {
		const response = await postCalendly(bot.httpUrl, delivery, signingKey);
		if (!response.ok) throw new Error(`webhook answered ${response.status}`);
	}

	const flows = {
		...memberFlows(act),
		chat: async (member: FakeMember) => {
			if (!spend('chat message in #general')) return;
			await member.sendMessage(fake.channels.general, pick(chatLines));
			await sleep(25);
		},
		dm: async (member: FakeMember) => {
			if (!spend('DM to the bot')) return;
			await member.dm(pick(chatLines));
			await sleep(25);
		},
		joinAndLeave: async () => {
			// A new person joins (and is welcomed by DM); someone else leaves, so the guild keeps its size.
			if (!spend('member joins')) return;
			joined += 1;
			const newcomer = await fake.members.create({ username: `joiner${String(joined).padStart(6, '0')}` });
			await fake.join(newcomer);
			await newcomer.nextDm({ timeoutMs: 15_000 });
			members.push(newcomer);
			if (!spend('member leaves')) return;
			const leaver = members.splice(Math.floor(Math.random() * members.length), 1)[0]!;
			await fake.leave(leaver);
			await sleep(25);
		},
		booking: async (member: FakeMember) => {
			// A booking through the member's own link; its 24 h reminder falls due two seconds later.
			const link = messageOf(await act('/book package', () => member.slash('book', { options: { package: 'full' } })));
			const token = link && new URL(link.buttons[0]!.url!).searchParams.get('utm_content');
			if (!token || !spend('Calendly booking (webhook)')) return;
			await deliver(inviteeCreated({ token, startsAt: new Date(Date.now() + 24 * HOUR + 2_000) }));
			await member.nextDm({ timeoutMs: 15_000, predicate: (message) => message.text.includes("You're booked") });
		},
		ticket: async (member: FakeMember) => {
			// A support ticket: topic, description, the thread and its card; staff claim it and close it with a reason.
			const menu = messageOf(await act('/support', () => member.slash('support')));
			if (!menu?.customIds.includes('support-topic')) return;
			const form = await act('select support-topic', () => member.select(menu, 'support-topic', ['session']));
			if (form?.kind !== 'modal') return;
			const opened = messageOf(
				await act('modal ticket description', () =>
					member.submitModal(form.modal, { description: 'My FPS dropped by half since the session yesterday.' })
				)
			);
			const threadId = opened && /<#(\d+)>/.exec(opened.text)?.[1];
			if (!threadId) return;
			const card = await fake.waitForMessage(
				{ channelId: threadId, predicate: (message) => message.customIds.some((id) => id.startsWith('ticket-claim|')) },
				{ timeoutMs: 15_000 }
			);
			if (spend('message in a ticket thread')) await member.sendMessage(threadId, 'It started right after the BIOS update.');
			const claimed = messageOf(await act('button ticket-claim', () => staff.click(card, 'Claim')));
			if (!claimed) return;
			const closeForm = await act('button ticket-close (modal)', () => staff.click(claimed, 'Close'));
			if (closeForm?.kind === 'modal')
				await act('modal ticket-close', () => staff.submitModal(closeForm.modal, { reason: 'Fixed: XMP was off after the BIOS update' }));
		}
	};
	// How often each is drawn, relative to the others.
	const pickFlow = weightedPicker(flows, {
		ping: 4,
		packagesFind: 3,
		welcomePackages: 2,
		diagnostic: 2,
		book: 2,
		chat: 6,
		dm: 4,
		joinAndLeave: 1,
		booking: 1,
		ticket: 1
	});

	const start = await checkpoint();
	while (issued < EVENTS) {
		budget = Math.min(EVENTS, issued + CHECKPOINT);
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async () => {
				while (issued < budget) {
					try {
						await pickFlow()(pick(members));
					} catch (error) {
						failures += 1;
						if (failureSamples.length < 5) failureSamples.push(String(error).slice(0, 300));
					}
				}
			})
		);
		await sleep(2_000);
		await checkpoint();
	}
	const runSeconds = (performance.now() - runStarted) / 1000;
	// VmHWM is kept per thread and folded in lazily, so it can trail the last reading by a few pages.
	const peak = Math.max(memoryOf(pid).peak, ...checkpoints.map((point) => point.rss_mib * MiB));

	const [reminders] = await sql<
		{ n: number }[]
	>`select count(*)::int as n from public.notifications where kind = 'reminder_24h' and status = 'sent'`;
	const first = checkpoints.find((point) => point.events >= Math.min(CHECKPOINT, EVENTS)) ?? start;
	const last = checkpoints[checkpoints.length - 1]!;
	const growth = Number((last.rss_mib - first.rss_mib).toFixed(1));
	const violations = fake.violations;
	const loadAfter = load();

	console.log('');
	console.log(
		`bench:soak  compiled bot (pid ${pid}) on the fake Discord, PostgreSQL ${new URL(databaseBase).host} (scratch database), ${redis ? 'Redis (BullMQ)' : 'no Redis (in-process outbox)'}`
	);
	console.log(
		`guild: ${MEMBERS} members, GUILD_CREATE ${guildCreate === 'as-discord' ? 'with the bot alone (no presences intent, as Discord)' : 'with every member'}; ${joined} joined and as many left during the run`
	);
	console.log(`node: ${process.version}, flags for the bot: ${nodeOptions || 'none'} (+ --inspect on loopback for the heap figures)`);
	console.log(
		`load: ${issued} events (${CONCURRENCY} members at a time) in ${runSeconds.toFixed(0)} s = ${(issued / runSeconds).toFixed(1)}/s; ${failures} failed${failureSamples.length ? `, e.g.:\n  ${failureSamples.join('\n  ')}` : ''}`
	);
	for (const [label, count] of [...counts.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${label.padEnd(32)} ${String(count).padStart(7)}`);
	console.log(`24 h reminders delivered: ${reminders?.n ?? 0}`);
	console.log(
		`RSS ${first.rss_mib} MiB at ${first.events} events -> ${last.rss_mib} MiB at ${last.events}: growth ${growth} MiB (target < 5); peak ${mib(peak)} (target < 150 MiB)`
	);
	printClosing(fake, loadBefore, loadAfter);
	console.log(
		JSON.stringify({
			bench: 'soak',
			events: issued,
			members: MEMBERS,
			guild_create: guildCreate,
			concurrency: CONCURRENCY,
			redis: Boolean(redis),
			node_options: nodeOptions || null,
			seconds: Math.round(runSeconds),
			failures,
			reminders_sent: reminders?.n ?? 0,
			checkpoints,
			rss_growth_mib: growth,
			rss_peak_mib: Number((peak / MiB).toFixed(1)),
			violations: violations.length,
			load: loadavg().map((value) => Number(value.toFixed(2)))
		})
	);
} catch (error) {
	failed = true;
	reportFailure(error, bot);
} finally {
	inspector?.close();
	await sql.end();
	await stopBot(bot);
	await fake.stop();
	await scratch.drop();
}
process.exit(failed ? 1 : 0);
