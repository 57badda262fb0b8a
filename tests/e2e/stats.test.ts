import { beforeAll, describe, expect, test } from 'vitest';
import type { Queryable } from '../../src/lib/data/db.ts';
import { statsWindow } from '../../src/lib/stats/period.ts';
import type { FakeMember } from '../support/fake-discord/index.ts';
import { readPng } from '../support/png.ts';
import * as make from '../support/rows.ts';
import { useBot } from './support/bot.ts';

const DAY = 24 * 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; rows end with CRLF. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (quoted && char === '"' && text[i + 1] === '"') {
			field += '"';
			i++;
		} else if (char === '"') {
			quoted = !quoted;
		} else if (!quoted && char === ',') {
			row.push(field);
			field = '';
		} else if (!quoted && char === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else {
			field += char;
		}
	}
	if (field !== '' || row.length > 0) throw new Error('the last row does not end with CRLF');
	return rows;
}

async function member(db: Queryable, createdAt: Date, dm: 'open' | 'closed' = 'open'): Promise<string> {
	return (await make.member(db, { created_at: createdAt, dm_status: dm })).id;
}

async function diagnostic(db: Queryable, memberId: string, at: Date): Promise<void> {
	await make.diagnostic(db, { member_id: memberId, generated_at: at, warning_count: 1, recommendation: 'quick', created_at: at });
}

async function booking(
	db: Queryable,
	memberId: string,
	packageCode: string,
	createdAt: Date,
	startsAt: Date,
	status: string,
	paidAed: number | null = null
): Promise<string> {
	const row = await make.booking(db, {
		member_id: memberId,
		package_code: packageCode,
		status,
		starts_at: startsAt,
		price_aed: 699,
		payment_status: paidAed === null ? 'unpaid' : 'paid',
		paid_aed: paidAed,
		created_at: createdAt
	});
	return row.id;
}

/**
 * The owner's dashboard on a business seeded in the bot's database, relative to now: every seeded time sits well
 * inside (or outside) the 7- and 30-day windows whatever the hour in Dubai.
 */
async function seed(db: Queryable): Promise<void> {
	const m1 = await member(db, ago(2 * DAY), 'closed');
	const m2 = await member(db, ago(2 * DAY));
	const m3 = await member(db, ago(2 * DAY));
	const m4 = await member(db, ago(20 * DAY));
	await member(db, ago(200 * DAY));
	await diagnostic(db, m1, ago(2 * DAY));
	await make.quickAssessment(db, { member_id: m2, gpu: 'GTX 1660', current_fps: 90, recommendation: 'full', created_at: ago(2 * DAY) });
	await diagnostic(db, m3, ago(1 * DAY)); // after booking: not a conversion
	await diagnostic(db, m4, ago(20 * DAY));
	await booking(db, m1, 'full', ago(2 * DAY - 3600_000), new Date(Date.now() + 3 * DAY), 'scheduled');
	const b2 = await booking(db, m2, 'quick', ago(2 * DAY - 3600_000), ago(1 * DAY), 'completed', 199);
	await booking(db, m3, 'extreme', ago(2 * DAY + 3600_000), ago(1 * DAY), 'no_show');
	await booking(db, m4, 'full', ago(20 * DAY - 3600_000), ago(18 * DAY), 'completed', 399);
	await make.testimonial(db, { booking_id: b2, member_id: m2, rating: 8, created_at: ago(1 * DAY) });
	// m2's session was measured: 200 -> 250 FPS average (+25%), 100 -> 160 1% low (+60%).
	const capture = (phase: string, avg: number, low: number, bookingId: string | null, at: Date) =>
		make.capture(db, { member_id: m2, booking_id: bookingId, phase, frames: 12000, avg_fps: avg, p1_fps: low, p01_fps: low, created_at: at });
	await capture('before', 200, 100, null, ago(2 * DAY));
	await capture('after', 250, 160, b2, ago(1 * DAY - 3600_000));
	await make.ticket(db, { member_id: m1, topic: 'booking' });
}

describe('/stats for staff', () => {
	const ctx = useBot();
	let owner: FakeMember;
	/** Members the bot itself recorded before the seed (created now, so new in every period). */
	let botMembers = 0;

	beforeAll(async () => {
		await ctx.fake.waitForCommand('stats');
		owner = await ctx.fake.members.create({ username: 'owner', roles: [ctx.fake.staffRoleId], joined: true });
		botMembers = (await ctx.bot.db.query<{ n: number }>('select count(*) as n from public.members'))[0]!.n;
		await seed(ctx.bot.db);
	});

	test('the 30-day overview shows the seeded figures and attaches the funnel chart as a PNG', async () => {
		const reply = await (await owner.slash('stats', { subcommand: 'overview', options: { period: 30 } })).message();
		expect(reply.ephemeral).toBe(true);
		const [embed] = reply.embeds;
		expect(embed?.title).toBe('FPSOS stats: last 30 days');
		const window = statsWindow(30);
		expect(embed?.description).toBe(`${window.dates[0]} to ${window.dates[29]}, Dubai time`);
		expect(embed?.fields?.map((field) => [field.name, field.value])).toEqual([
			['New members', String(4 + botMembers)],
			['Diagnostics', '3'],
			['Quick assessments', '1'],
			['Bookings', '4'],
			['Completed sessions', '2'],
			['No-shows', '1'],
			['Diagnostic → booking', '75% (3 of 4 booked)'],
			['Revenue (completed, paid)', 'AED 598'],
			['Most booked package', 'Full Tune-Up (booked 2×)'],
			['Average rating', '8.0/10 (reviews: 1)'],
			['Measured gain (median)', 'Average FPS +25%, 1% low +60% (sessions: 1)'],
			['Open tickets (now)', '1'],
			['Unreachable by DM (now)', '1']
		]);
		expect(embed?.footer?.text).toContain('booked within 14 days of their first one');
		const [chart] = reply.attachments;
		expect(chart?.filename).toBe(`fpsos-stats-30d-${window.dates[29]}.png`);
		expect(embed?.image?.url).toBe(`attachment://${chart?.filename}`);
		const png = readPng(chart!.data);
		expect(png).toMatchObject({ width: 900, height: 110 + 4 * 84 + 30 });
	});

	test('the default period is 30 days and the 7-day one leaves out what is older', async () => {
		const month = await (await owner.slash('stats', { subcommand: 'overview' })).message();
		expect(month.embeds[0]?.title).toBe('FPSOS stats: last 30 days');
		const week = await (await owner.slash('stats', { subcommand: 'overview', options: { period: 7 } })).message();
		const value = (name: string) => week.embeds[0]?.fields?.find((field) => field.name === name)?.value;
		expect(value('New members')).toBe(String(3 + botMembers));
		expect(value('Bookings')).toBe('3');
		expect(value('Revenue (completed, paid)')).toBe('AED 199');
		expect(value('Diagnostic → booking')).toBe('66.7% (2 of 3 booked)');
	});

	test('/stats export gives one CSV row per day of the period, adding up to the seeded figures', async () => {
		const reply = await (await owner.slash('stats', { subcommand: 'export', options: { period: 7 } })).message();
		const window = statsWindow(7);
		const [file] = reply.attachments;
		expect(file?.filename).toBe(`fpsos-stats-7d-${window.dates[6]}.csv`);
		const [header, ...rows] = parseCsv(file!.text());
		expect(header?.join(',')).toBe(
			'date,new_members,diagnostics,quick_assessments,bookings,completions,no_shows,revenue_aed,reviews,average_rating,diagnosed_members,booked_within_window,most_booked_package'
		);
		expect(rows.map((row) => row[0])).toEqual(window.dates);
		const total = (name: string) => rows.reduce((sum, row) => sum + Number(row[header!.indexOf(name)]), 0);
		expect(total('new_members')).toBe(3 + botMembers);
		expect(total('diagnostics')).toBe(2);
		expect(total('quick_assessments')).toBe(1);
		expect(total('bookings')).toBe(3);
		expect(total('completions')).toBe(1);
		expect(total('no_shows')).toBe(1);
		expect(total('revenue_aed')).toBe(199);
		expect(total('reviews')).toBe(1);
		expect(total('diagnosed_members')).toBe(3);
		expect(total('booked_within_window')).toBe(2);
		expect(rows.filter((row) => row[header!.indexOf('most_booked_package')] !== '').length).toBeGreaterThan(0);
		expect(reply.text).toContain('Totals match `/stats overview`');
	});

	test('a member cannot even see it: Discord hides it by its default permissions (the server-side check is in staff-refusals.test.ts)', async () => {
		const member = await ctx.fake.members.create({ username: 'uma', joined: true });
		await expect(member.slash('stats', { subcommand: 'overview' })).rejects.toThrow(/cannot run \/stats: .*hidden by default_member_permissions/);
	});
});
