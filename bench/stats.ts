/**
 * `/stats` query benchmark (target from shared/DESIGN.md: < 250 ms over 1,000,000 bookings).
 *
 * Creates a scratch database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres), applies
 * the migrations and seeds it with generate_series (deterministic, setseed): 100,000 members, 1,000,000 bookings,
 * 150,000 diagnostics, 50,000 quick assessments, a review for a third of the completed sessions and 5,000 tickets,
 * all spread evenly over the last BENCH_SPAN_DAYS days (default 730: about 1,370 bookings a day, 123,000 in 90 days).
 * Then loads the whole `/stats` report (src/lib/data/stats.ts, the bot's own code, on a pool of 10 like the bot's)
 * for 7, 30 and 90 days: BENCH_WARMUP runs (3), then BENCH_RUNS timed runs (30) each, and prints p50/p99 per period,
 * the time of each statement alone at 90 days, then one JSON line. A slow run is a figure to report, not a failure.
 * Run: npm run bench:stats      Env: BENCH_BOOKINGS, BENCH_MEMBERS, BENCH_SPAN_DAYS, BENCH_RUNS, BENCH_WARMUP,
 * BENCH_LAYOUT=shuffled (rows written in random order, see seedScript), BENCH_KEEP=1 (keep the scratch database and print its URL, e.g. to EXPLAIN by hand).
 */
import { loadavg } from 'node:os';
import { migrate } from '../src/lib/data/migrations.ts';
import { openPostgres } from '../src/lib/data/postgres.ts';
import { loadStatsReport } from '../src/lib/data/stats.ts';
import { CONVERSION_WINDOW_DAYS } from '../src/lib/stats/metrics.ts';
import { statsWindow, STATS_PERIODS } from '../src/lib/stats/period.ts';
import * as queries from '../src/lib/data/stats-queries.ts';
import { createScratchDatabase } from '../tests/support/databases.ts';

const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const SPAN_DAYS = Number(process.env.BENCH_SPAN_DAYS ?? 730);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const KEEP = process.env.BENCH_KEEP === '1';
const SHUFFLED = process.env.BENCH_LAYOUT === 'shuffled';
const TARGET_MS = 250;

/**
 * Seeds the scratch database. Row g of n gets the time now - span x (1 - g/n) (plus jitter below one row's step), so
 * times spread evenly over the span; sessions start 1-14 days after booking. Rows are written in time order, as the
 * bot and the webhook write them (created_at defaults to now()), unless BENCH_LAYOUT=shuffled writes them in random
 * order: the worst case for the heap, where every row of a period sits in a different page.
 */
const seedScript = (bookings: number, members: number, span: number, shuffled: boolean) => {
	const at = (total: number) => `now() - interval '1 day' * ${span} * (1 - (g - random()) / ${total})`;
	const order = shuffled ? 'random()' : 'g';
	return `
	select setseed(0.42);
	insert into public.members (discord_user_id, username, created_at, dm_status, left_at)
	select (400000000000000000 + g)::text, 'member' || g, ${at(members)},
		case when g % 10 = 0 then 'closed' when g % 10 < 6 then 'open' else 'unknown' end,
		case when g % 50 = 0 then now() - interval '3 days' end
	from generate_series(1, ${members}) g
	order by ${order};

	create temporary table bench_members as select id, row_number() over (order by id) as n from public.members;
	create unique index on bench_members (n);
	analyze bench_members;

	insert into public.diagnostics (member_id, source, schema_version, generated_at, rules_version, raw, file_bytes,
		critical_count, warning_count, recommendation, created_at)
	select m.id, 'dm_attachment', 'fpsos-diagnostic/1', t, '1', '{}'::jsonb, 1000, g % 3, g % 5,
		(array['extreme', 'full', 'quick', 'good'])[1 + g % 4], t
	from (select g, ${at(Math.round(members * 1.5))} as t, 1 + (g::int8 * 7919) % ${members} as n
		from generate_series(1, ${Math.round(members * 1.5)}) g) s
	join bench_members m on m.n = s.n
	order by ${order};

	insert into public.quick_assessments (member_id, gpu, current_fps, refresh_hz, recommendation, created_at)
	select m.id, 'RTX 3070', 100 + g % 200, 144, (array['extreme', 'full', 'quick', 'good'])[1 + g % 4], t
	from (select g, ${at(Math.round(members / 2))} as t, 1 + (g::int8 * 104729) % ${members} as n
		from generate_series(1, ${Math.round(members / 2)}) g) s
	join bench_members m on m.n = s.n
	order by ${order};

	insert into public.bookings (calendly_invitee_uri, member_id, package_code, status, starts_at, ends_at, price_aed,
		discount_aed, payment_status, paid_aed, payment_method, paid_at, needs_staff_review, match_method, created_at)
	select 'https://api.calendly.com/scheduled_events/B' || g || '/invitees/I' || g,
		case when g % 20 = 0 then null else m.id end,
		(array['quick', 'full', 'extreme', 'reoptimize'])[1 + g % 4],
		st, s.starts, s.starts + interval '1 hour', (array[199, 399, 699, 99])[1 + g % 4], 0,
		case when st = 'completed' and g % 5 <> 0 then 'paid' else 'unpaid' end,
		case when st = 'completed' and g % 5 <> 0 then (array[199, 399, 699, 99])[1 + g % 4] end,
		case when st = 'completed' and g % 5 <> 0 then 'cash' end,
		case when st = 'completed' and g % 5 <> 0 then s.starts end,
		g % 20 = 0, case when g % 20 <> 0 then 'link_token' end, s.created
	from (
		select g, created, starts, n,
			case when g % 20 >= 15 and g % 20 < 18 then 'canceled' when g % 20 >= 18 then 'rescheduled'
				when starts > now() then 'scheduled' when g % 20 = 14 then 'no_show' else 'completed' end as st
		from (
			select g, created, created + (1 + random() * 13) * interval '1 day' as starts, 1 + (g::int8 * 7919) % ${members} as n
			from (select g, ${at(bookings)} as created from generate_series(1, ${bookings}) g) c
		) t
	) s
	left join bench_members m on m.n = s.n
	order by ${order};

	insert into public.testimonials (booking_id, member_id, rating, status, created_at)
	select id, member_id, 1 + (abs(hashtext(id::text)) % 10), 'approved', starts_at + interval '2 hours'
	from public.bookings
	where status = 'completed' and member_id is not null and abs(hashtext(id::text)) % 3 = 0
	order by ${shuffled ? 'random()' : 'starts_at'};

	insert into public.support_tickets (member_id, topic, status, close_reason, created_at)
	select m.id, 'other', case when g <= 300 then 'open' else 'closed' end, case when g > 300 then 'solved' end,
		now() - random() * interval '1 day' * ${span}
	from generate_series(1, 5000) g join bench_members m on m.n = g;

	drop table bench_members;
`;
};

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
	const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
	const scratch = await createScratchDatabase(baseUrl);
	const db = openPostgres(scratch.url, { max: 10 });
	let keep = false;
	try {
		const seedStarted = performance.now();
		await migrate(db);
		await db.exec(seedScript(BOOKINGS, MEMBERS, SPAN_DAYS, SHUFFLED));
		await db.exec('vacuum analyze');
		const seedSeconds = (performance.now() - seedStarted) / 1000;
		const [counts] = await db.query<Record<string, number>>(
			`select (select count(*) from public.bookings) as bookings, (select count(*) from public.members) as members,
				(select count(*) from public.diagnostics) as diagnostics, (select count(*) from public.quick_assessments) as quick_assessments,
				(select count(*) from public.testimonials) as testimonials`
		);
		console.log(
			`/stats benchmark: ${JSON.stringify(counts)} over ${SPAN_DAYS} days, ${SHUFFLED ? 'shuffled' : 'time-ordered'} layout, seeded in ${seedSeconds.toFixed(1)} s`
		);

		const periods: Record<string, { p50_ms: number; p99_ms: number; bookings_in_period: number }> = {};
		for (const days of STATS_PERIODS) {
			for (let i = 0; i < WARMUP; i++) await loadStatsReport(db, days);
			const timings: number[] = [];
			let bookings = 0;
			for (let i = 0; i < RUNS; i++) {
				const started = performance.now();
				const report = await loadStatsReport(db, days);
				timings.push(performance.now() - started);
				bookings = report.totals.bookings;
			}
			timings.sort((a, b) => a - b);
			periods[days] = {
				p50_ms: Number(percentile(timings, 50).toFixed(1)),
				p99_ms: Number(percentile(timings, 99).toFixed(1)),
				bookings_in_period: bookings
			};
			console.log(
				`  ${String(days).padStart(2)} days  p50 ${periods[days].p50_ms} ms  p99 ${periods[days].p99_ms} ms  (${bookings} bookings in the period, ${RUNS} runs)`
			);
		}

		// Each statement alone (90 days, median of 5), to see where the time goes.
		const window = statsWindow(90);
		const range = [window.from, window.to, window.dayStarts.map((start) => start.toISOString())];
		const statements: [string, string, unknown[]][] = [
			['new members', queries.NEW_MEMBERS_BY_DAY, range],
			['diagnostics', queries.DIAGNOSTICS_BY_DAY, range],
			['quick assessments', queries.QUICK_ASSESSMENTS_BY_DAY, range],
			['bookings by package', queries.BOOKINGS_BY_DAY_AND_PACKAGE, range],
			['sessions and revenue', queries.SESSIONS_BY_DAY, range],
			['reviews', queries.REVIEWS_BY_DAY, range],
			['conversion', queries.CONVERSION_BY_DAY, [...range, CONVERSION_WINDOW_DAYS]],
			['tickets and DMs now', queries.CURRENT_FIGURES, []]
		];
		const alone: Record<string, number> = {};
		for (const [name, text, params] of statements) {
			const times: number[] = [];
			for (let i = 0; i < 5; i++) {
				const started = performance.now();
				await db.query(text, params);
				times.push(performance.now() - started);
			}
			times.sort((a, b) => a - b);
			alone[name] = Number(times[2]!.toFixed(1));
		}
		console.log(
			`  90 days, each statement alone (ms): ${Object.entries(alone)
				.map(([name, ms]) => `${name} ${ms}`)
				.join(', ')}`
		);

		const load = loadavg().map((value) => Number(value.toFixed(2)));
		console.log(`  machine load average (1, 5, 15 min): ${load.join(', ')}`);
		const worst = Math.max(...Object.values(periods).map((period) => period.p99_ms));
		console.log(
			JSON.stringify({
				bench: 'stats',
				...counts,
				span_days: SPAN_DAYS,
				layout: SHUFFLED ? 'shuffled' : 'time-ordered',
				periods,
				statement_ms_90d: alone,
				load_average: load,
				target_ms: TARGET_MS,
				within_target: worst < TARGET_MS
			})
		);
		keep = KEEP;
		if (keep) console.log(`Kept the scratch database: ${scratch.url}`);
	} finally {
		await db.close();
		if (!keep) await scratch.drop();
	}
}

await main();
