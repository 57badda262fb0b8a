/**
 * Calendly webhook function benchmark (target from shared/DESIGN.md: >= 1,000 signed deliveries/s into Postgres on
 * this 2-core machine, 0 lost, 0 duplicated).
 *
 * Starts the functions under Deno (supabase/functions/serve.ts, what `npm run functions:serve` runs) against a
 * scratch database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres), sends N distinct
 * signed invitee.created deliveries plus D re-sent copies at concurrency 16 over loopback, then checks the database.
 * Run: npm run bench:webhook [-- deliveries [duplicates [concurrency]]]
 * Prints the figures, then one JSON line; exits 1 when a delivery was lost, duplicated or refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { denoCommand, denoEnv } from '../scripts/deno-env.mjs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { createBookingLinkToken } from '../supabase/functions/_shared/booking-token.ts';
import { inviteeCreated, inviteeUriOf, signedDelivery } from '../supabase/functions/_shared/fixtures/deliveries.ts';
import { migrate } from '../src/lib/data/migrations.ts';
import { openPostgres } from '../src/lib/data/postgres.ts';
import { createScratchDatabase } from '../tests/support/databases.ts';

const DELIVERIES = Number(process.argv[2] ?? 10_000);
const DUPLICATES = Number(process.argv[3] ?? Math.round(DELIVERIES / 10));
const CONCURRENCY = Number(process.argv[4] ?? 16);
const WARMUP = 500;
const MEMBERS = 1_000;
const TARGET_PER_S = 1_000;
const KEY = `bench_${randomBytes(16).toString('hex')}`;

const root = fileURLToPath(new URL('../', import.meta.url));
const denoArgs = ['run', '--config', 'supabase/functions/calendly-webhook/deno.json', '--allow-net', '--allow-env', 'supabase/functions/serve.ts'];

interface Prepared {
	body: Buffer;
	signature: string;
	inviteeUri: string;
}

/**
 * Members, half of them with a personal link: a delivery is linked by its token (each token's first use; later uses,
 * like Discord answers, become claims the member is asked about) or matches no one.
 */
async function seed(url: string): Promise<{ tokens: string[]; discordIds: string[] }> {
	const db = openPostgres(url, { max: 2 });
	try {
		await migrate(db);
		const discordIds = Array.from({ length: MEMBERS }, (_, i) => String(400_000_000_000_000_000n + BigInt(i)));
		const members = await db.query<{ id: string }>('insert into public.members (discord_user_id) select unnest($1::text[]) returning id', [
			discordIds
		]);
		const links = await Promise.all(
			members.slice(0, MEMBERS / 2).map(async (member) => ({ member: member.id, ...(await createBookingLinkToken()) }))
		);
		await db.query(
			`insert into public.booking_links (token_hash, member_id, package_code) select h, m, 'full' from unnest($1::text[], $2::uuid[]) as t (h, m)`,
			[links.map((link) => link.tokenHash), links.map((link) => link.member)]
		);
		return { tokens: links.map((link) => link.token), discordIds: discordIds.slice(MEMBERS / 2) };
	} finally {
		await db.close();
	}
}

async function prepare(count: number, seeded: { tokens: string[]; discordIds: string[] }, offset: number): Promise<Prepared[]> {
	const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);
	const prepared: Prepared[] = [];
	for (let i = 0; i < count; i++) {
		const n = offset + i;
		const delivery =
			n % 4 < 2
				? inviteeCreated({ token: seeded.tokens[n % seeded.tokens.length]!, startsAt })
				: n % 4 === 2
					? inviteeCreated({
							startsAt,
							answers: [{ question: 'Your Discord username', answer: seeded.discordIds[n % seeded.discordIds.length]! }]
						})
					: inviteeCreated({ startsAt });
		const signed = await signedDelivery(delivery, KEY);
		prepared.push({ body: Buffer.from(signed.rawBody), signature: signed.signatureHeader, inviteeUri: inviteeUriOf(delivery) });
	}
	return prepared;
}

function startFunctions(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
	// Deno itself (not a launcher), so the CPU it uses is read off this process; set up as `npm run functions:serve`.
	const { command, prefix } = denoCommand();
	const child = spawn(command, [...prefix, ...denoArgs], {
		cwd: root,
		env: { ...denoEnv(process.env), FUNCTIONS_PORT: '0', SUPABASE_DB_URL: databaseUrl, CALENDLY_WEBHOOK_SIGNING_KEY: KEY, NO_COLOR: '1' },
		stdio: ['ignore', 'inherit', 'pipe']
	});
	return new Promise((resolve, reject) => {
		let buffered = '';
		const timer = setTimeout(() => reject(new Error(`Deno did not start within 120 s:\n${buffered}`)), 120_000);
		child.once('exit', (code) => reject(new Error(`Deno exited (${code}):\n${buffered}`)));
		child.stderr.on('data', (chunk: Buffer) => {
			buffered += chunk.toString();
			const line = buffered.split('\n').find((entry) => entry.includes('functions listening'));
			if (line) {
				clearTimeout(timer);
				const { url } = JSON.parse(line) as { url: string };
				resolve({ child, url: `${url}calendly-webhook` });
			}
		});
	});
}

function post(agent: Agent, url: URL, item: Prepared): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': item.body.length, 'calendly-webhook-signature': item.signature }
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			}
		);
		req.on('error', reject);
		req.end(item.body);
	});
}

async function run(
	agent: Agent,
	url: URL,
	items: Prepared[],
	concurrency: number
): Promise<{ latencies: number[]; errors: number; seconds: number }> {
	const latencies: number[] = [];
	let errors = 0;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < items.length) {
				const item = items[next++]!;
				const sent = performance.now();
				const status = await post(agent, url, item).catch(() => 0);
				latencies.push(performance.now() - sent);
				if (status !== 200) errors++;
			}
		})
	);
	return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Busy and total CPU seconds of the whole machine, from /proc/stat (Linux): other work competes for the same cores. */
function machineCpu(): { busy: number; total: number } {
	try {
		const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
		const total = fields.reduce((sum, value) => sum + value, 0);
		return { busy: (total - fields[3]! - fields[4]!) / 100, total: total / 100 };
	} catch {
		return { busy: 0, total: 0 };
	}
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return 0;
	}
}

async function main(): Promise<void> {
	const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
	const scratch = await createScratchDatabase(baseUrl);
	let functions: { child: ChildProcess; url: string } | undefined;
	const check = postgres(scratch.url, { max: 1, onnotice: () => undefined });
	try {
		const seeded = await seed(scratch.url);
		const warmup = await prepare(WARMUP, seeded, 0);
		const distinct = await prepare(DELIVERIES, seeded, WARMUP);
		const copies = Array.from({ length: DUPLICATES }, (_, i) => distinct[(i * 7919) % distinct.length]!);
		const workload = [...distinct, ...copies].sort(() => Math.random() - 0.5);
		functions = await startFunctions(scratch.url);
		const url = new URL(functions.url);
		const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

		await run(agent, url, warmup, CONCURRENCY);
		const denoCpuBefore = cpuSeconds(functions.child.pid!);
		const backendPids = (await check`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map(
			(row) => Number(row.pid)
		);
		const pgCpuBefore = backendPids.reduce((total, pid) => total + cpuSeconds(pid), 0);
		const ownCpuBefore = process.cpuUsage();
		const machineBefore = machineCpu();
		const loadBefore = loadavg()[0]!;
		const timed = await run(agent, url, workload, CONCURRENCY);
		const ownCpu = process.cpuUsage(ownCpuBefore);
		const machineAfter = machineCpu();
		const denoCpu = cpuSeconds(functions.child.pid!) - denoCpuBefore;
		const pgCpu = backendPids.reduce((total, pid) => total + cpuSeconds(pid), 0) - pgCpuBefore;
		agent.destroy();

		const expected = [...warmup, ...distinct].map((item) => item.inviteeUri);
		const [bookings] = await check`select count(*)::int as found, (count(*) - count(distinct calendly_invitee_uri))::int as repeated
			from public.bookings where calendly_invitee_uri = any(${expected})`;
		const [outbox] =
			await check`select count(*)::int as rows, count(distinct (booking_id, kind))::int as distinct_rows from public.notifications`;
		const [events] = await check`select count(*)::int as rows, coalesce(sum(deliveries), 0)::int as deliveries from public.webhook_events`;
		const lost = expected.length - bookings!.found + Math.max(0, 4 * expected.length - outbox!.distinct_rows);
		const duplicated = bookings!.repeated + (outbox!.rows - outbox!.distinct_rows) + Math.max(0, events!.rows - expected.length);
		const sorted = [...timed.latencies].sort((a, b) => a - b);
		// How busy the machine was while we measured, and how much of that was this benchmark (Deno, PostgreSQL backends,
		// this client); the rest is other work on the same cores (and PostgreSQL's WAL writer and checkpointer).
		const machineBusy =
			machineAfter.total > machineBefore.total ? (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total) : 0;
		const benchShare = (denoCpu + pgCpu + (ownCpu.user + ownCpu.system) / 1e6) / (timed.seconds * cpus().length);
		const sent = workload.length;
		const result = {
			bench: 'webhook',
			deliveries: sent,
			distinct: DELIVERIES,
			duplicates: DUPLICATES,
			concurrency: CONCURRENCY,
			seconds: Number(timed.seconds.toFixed(2)),
			throughput_per_s: Math.round(sent / timed.seconds),
			p50_ms: Number(percentile(sorted, 50).toFixed(2)),
			p99_ms: Number(percentile(sorted, 99).toFixed(2)),
			errors: timed.errors,
			lost,
			duplicated,
			recorded_deliveries: events!.deliveries - WARMUP,
			cpu_ms_per_delivery: {
				deno: Number(((denoCpu * 1000) / sent).toFixed(3)),
				postgres: Number(((pgCpu * 1000) / sent).toFixed(3)),
				client: Number(((ownCpu.user + ownCpu.system) / 1000 / sent).toFixed(3))
			},
			machine: {
				cores: cpus().length,
				load_1min_before: Number(loadBefore.toFixed(2)),
				load_1min_after: Number(loadavg()[0]!.toFixed(2)),
				busy_pct: Math.round(machineBusy * 100),
				bench_pct: Math.round(benchShare * 100)
			},
			target_per_s: TARGET_PER_S,
			within_target: sent / timed.seconds >= TARGET_PER_S && lost === 0 && duplicated === 0 && timed.errors === 0
		};
		console.log(`Calendly webhook: ${sent} signed deliveries (${DELIVERIES} distinct + ${DUPLICATES} re-sent) at concurrency ${CONCURRENCY}`);
		console.log(`  throughput  ${result.throughput_per_s} deliveries/s  (target >= ${TARGET_PER_S})`);
		console.log(`  latency     p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms`);
		console.log(`  database    lost ${lost}, duplicated ${duplicated}, non-2xx ${timed.errors}`);
		console.log(
			`  cpu/delivery deno ${result.cpu_ms_per_delivery.deno} ms, postgres ${result.cpu_ms_per_delivery.postgres} ms, client ${result.cpu_ms_per_delivery.client} ms`
		);
		console.log(
			`  machine     ${result.machine.cores} cores ${result.machine.busy_pct}% busy (this benchmark ${result.machine.bench_pct}%), load ${result.machine.load_1min_before} -> ${result.machine.load_1min_after}`
		);
		console.log(JSON.stringify(result));
		// A slow run is a figure to report; a lost, duplicated or refused delivery is a failure.
		if (lost > 0 || duplicated > 0 || timed.errors > 0) process.exitCode = 1;
	} finally {
		await check.end();
		if (functions) {
			const exited = new Promise((resolve) => functions!.child.once('exit', resolve));
			functions.child.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
		}
		await scratch.drop();
	}
}

await main();
