/**
 * The production bot (`fpsos start`, its own process) on the local fake Discord with real PostgreSQL, in a guild of
 * 5,000 members (GUILD_CREATE carries the bot alone, as Discord does without the presences intent; the bot caches the latest 200 it meets): interaction acknowledgement p50/p99 over 1,000 mixed
 * interactions (slash commands, buttons, a modal and its submit), measured from the fake Discord's side (interaction
 * created -> callback received), and the bot process's RSS after start and after the run, with its cache settings.
 * Targets: p99 < 500 ms (Discord's limit is 3 s), RSS < 150 MiB.
 *
 * Environment: DATABASE_URL (a scratch database is created on that server; default the local test server),
 * REDIS_URL (used by the bot when set, as in production), BENCH_MEMBERS (5000), BENCH_INTERACTIONS (1000),
 * BENCH_CONCURRENCY (members acting at once, 8), BENCH_NODE_OPTIONS (flags for the bot process only),
 * BENCH_BUILD (`dist`: run the compiled bot, dist/bin/fpsos.js, as the Docker image does, after `npm run build`; its
 * flags then default to the image's NODE_OPTIONS, read from the Dockerfile; BENCH_NODE_OPTIONS='' for none; unset: the TypeScript
 * sources through tsx, as `npm start` does). Prints a report and, last, one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { CACHE_LIMITS, SWEEPERS } from '../src/bot/client.ts';
import { projectRoot } from '../src/lib/paths.ts';
import { startBotProcess, waitUntilHealthy } from '../tests/e2e/support/bot-process.ts';
import { e2eDiscord } from '../tests/e2e/support/network.ts';
import { fpsosBin } from '../tests/support/cli.ts';
import { createScratchDatabase } from '../tests/support/databases.ts';
import { imageNodeOptions } from '../tests/support/image.ts';
import { FakeDiscord, type BotReply, type FakeMember, type InteractionHandle } from '../tests/support/fake-discord/index.ts';
import { benchBotEnv, printClosing, reportFailure, stopBot } from './support/bot.ts';
import { memberFlows, weightedPicker } from './support/flows.ts';
import { load, memoryOf, MiB, mib } from './support/process-memory.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 5_000);
const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const databaseBase = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const build = process.env.BENCH_BUILD;
if (build !== undefined && build !== '' && build !== 'dist') throw new Error(`BENCH_BUILD must be "dist" or unset, not ${build}`);
const compiled = build === 'dist';
/** The Docker image's flags for the compiled bot (Dockerfile, runtime stage). */
const IMAGE_NODE_OPTIONS = imageNodeOptions();
/**
 * Node flags for the bot process only, to try a setting (e.g. `--max-semi-space-size=1`); default none for the sources
 * (as `npm start`), the image's flags for the compiled bot.
 */
const nodeOptions = process.env.BENCH_NODE_OPTIONS ?? (compiled ? IMAGE_NODE_OPTIONS : undefined);
const mode = compiled ? 'compiled (dist/bin/fpsos.js, as the Docker image runs it)' : 'TypeScript sources through tsx (bin/fpsos.mjs, as npm start)';
if (compiled) execFileSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
const botBin = compiled ? join(projectRoot, 'dist/bin/fpsos.js') : fpsosBin;

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const loadBefore = load();
// Discord's rate limits and the e2e network delay (50 ms each way), so acknowledgements include the round trips.
const fake = await FakeDiscord.start(e2eDiscord);
const seedStarted = performance.now();
const members: FakeMember[] = [];
for (let index = 0; index < MEMBERS; index += 1)
	members.push(await fake.members.create({ username: `member${String(index).padStart(5, '0')}`, joined: true }));
const seedMs = performance.now() - seedStarted;

const scratch = await createScratchDatabase(databaseBase);
const redis = process.env.REDIS_URL;
const bot = await startBotProcess(fake, benchBotEnv(fake, scratch.url, nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), botBin);
const pid = bot.child.pid!;
let failed = false;
try {
	const startStarted = performance.now();
	await waitUntilHealthy(bot, 120_000);
	for (const name of ['ping', 'packages', 'fpsos', 'diagnostic', 'book']) await fake.waitForCommand(name, { timeoutMs: 60_000 });
	const startMs = performance.now() - startStarted;
	await sleep(3_000);
	const afterStart = memoryOf(pid);

	// The mixed workload: each flow is what a member does in one sitting; flows are drawn at random.
	const samples: { label: string; ms: number }[] = [];
	let issued = 0;

	/** One interaction: counted, answered, its acknowledgement time kept. Null once the budget is spent. */
	async function act(label: string, start: () => Promise<InteractionHandle>): Promise<BotReply | null> {
		if (issued >= INTERACTIONS) return null;
		issued += 1;
		const handle = await start();
		const reply = await handle.reply({ timeoutMs: 15_000 });
		samples.push({ label, ms: handle.acknowledgement!.afterMs });
		return reply;
	}
	// How often each flow is drawn, relative to the others.
	const pickFlow = weightedPicker(memberFlows(act), {
		ping: 3,
		packagesFind: 2,
		packagesBook: 2,
		welcomePackages: 2,
		welcomeDiagnostic: 1,
		diagnostic: 2,
		book: 1
	});

	const runStarted = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (issued < INTERACTIONS) await pickFlow()(members[Math.floor(Math.random() * members.length)]!);
		})
	);
	const runMs = performance.now() - runStarted;
	await sleep(2_000);
	const afterRun = memoryOf(pid);

	const all = samples.map((sample) => sample.ms);
	const byLabel = new Map<string, number[]>();
	for (const sample of samples) byLabel.set(sample.label, [...(byLabel.get(sample.label) ?? []), sample.ms]);
	const violations = fake.violations;
	const loadAfter = load();

	console.log(
		`bench:bot  fpsos start (pid ${pid}) on the fake Discord, PostgreSQL ${new URL(databaseBase).host} (scratch database), ${redis ? 'Redis (BullMQ)' : 'no Redis (in-process outbox)'}`
	);
	console.log(
		`guild: ${MEMBERS} members (seeded in ${(seedMs / 1000).toFixed(1)} s); bot healthy with commands registered ${(startMs / 1000).toFixed(1)} s after spawn`
	);
	console.log(`mode: ${mode}`);
	console.log(`node: ${process.version}, flags for the bot: ${nodeOptions || (compiled ? 'none' : 'none (as npm start)')}`);
	console.log(
		`cache settings (src/bot/client.ts): makeCache limits ${JSON.stringify(CACHE_LIMITS)}; other managers unlimited; sweepers ${JSON.stringify(SWEEPERS)}`
	);
	console.log(
		`workload: ${samples.length} interactions (${CONCURRENCY} members at a time, closed loop) in ${(runMs / 1000).toFixed(1)} s = ${(samples.length / (runMs / 1000)).toFixed(1)}/s`
	);
	console.log('');
	console.log('acknowledgement (interaction created -> callback received, ms)');
	console.log(`  ${'interaction'.padEnd(32)} ${'n'.padStart(5)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`);
	for (const [label, values] of [...byLabel.entries()].sort()) {
		console.log(
			`  ${label.padEnd(32)} ${String(values.length).padStart(5)} ${percentile(values, 50).toFixed(0).padStart(7)} ${percentile(values, 99).toFixed(0).padStart(7)} ${Math.max(
				...values
			)
				.toFixed(0)
				.padStart(7)}`
		);
	}
	console.log(
		`  ${'all'.padEnd(32)} ${String(all.length).padStart(5)} ${percentile(all, 50).toFixed(0).padStart(7)} ${percentile(all, 99).toFixed(0).padStart(7)} ${Math.max(
			...all
		)
			.toFixed(0)
			.padStart(7)}   (target p99 < 500)`
	);
	console.log('');
	console.log(`bot RSS after start: ${mib(afterStart.rss)}; after the run: ${mib(afterRun.rss)}; peak ${mib(afterRun.peak)} (target < 150 MiB)`);
	console.log(`  (child processes of the bot, e.g. tsx's esbuild service, not included: ${mib(afterRun.children)})`);
	printClosing(fake, loadBefore, loadAfter);
	console.log(
		JSON.stringify({
			bench: 'bot',
			members: MEMBERS,
			interactions: samples.length,
			concurrency: CONCURRENCY,
			redis: Boolean(redis),
			mode: compiled ? 'dist' : 'tsx',
			node_options: nodeOptions || null,
			ack_p50_ms: Math.round(percentile(all, 50)),
			ack_p99_ms: Math.round(percentile(all, 99)),
			ack_max_ms: Math.round(Math.max(...all)),
			rss_after_start_mib: Number((afterStart.rss / MiB).toFixed(1)),
			rss_after_run_mib: Number((afterRun.rss / MiB).toFixed(1)),
			rss_peak_mib: Number((afterRun.peak / MiB).toFixed(1)),
			violations: violations.length,
			cache: { limits: CACHE_LIMITS, sweepers: SWEEPERS },
			load: loadavg().map((value) => Number(value.toFixed(2)))
		})
	);
} catch (error) {
	failed = true;
	reportFailure(error, bot);
} finally {
	await stopBot(bot);
	await fake.stop();
	await scratch.drop();
}
process.exit(failed ? 1 : 0);
