import { randomBytes } from 'node:crypto';
import type { Queryable, Row } from '../../src/lib/data/db.ts';

/**
 * The one set of row factories the tests use to put rows in the database. Each writes one row by a direct insert (as
 * the service role does: no RLS in the way) and returns it as the database stored it (`returning *`). Overrides are
 * the table's own column names; a column left out gets the default below, or the schema's own. The defaults satisfy
 * the schema's constraints; a parent a row needs (a member, a booking, a referral code) is made when none is given.
 *
 * Import it as `make` (`make.booking(db, { member_id })`); `rows` is a name tests use for query results.
 *
 * A value may be SQL rather than data, for times relative to the database's clock: `sql\`now() - ${'3 days'}::interval\``
 * (the interpolated values are bound as parameters, never spliced into the text).
 */

/** A piece of SQL with its parameters, written as a tagged template (see `sql`). */
export class Sql {
	constructor(
		readonly strings: readonly string[],
		readonly values: readonly unknown[]
	) {}
}

/** SQL in place of a value: `sql\`now() + ${interval}::interval\``. Values (a nested `sql` too) are bound, not spliced. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
	return new Sql([...strings], values);
}

/** The database's clock moved by an interval: `ago('3 days')` is `now() - interval '3 days'`. */
export const ago = (interval: string): Sql => sql`now() - ${interval}::interval`;
/** `fromNow('1 day')` is `now() + interval '1 day'`. */
export const fromNow = (interval: string): Sql => sql`now() + ${interval}::interval`;

type Value = unknown;
/** The columns a test may set, per table (all but `updated_at` and generated identities; rows.test.ts checks them). */
export const columns = {
	members: [
		'id',
		'discord_user_id',
		'username',
		'display_name',
		'locale',
		'timezone',
		'joined_at',
		'screening_passed_at',
		'welcomed_at',
		'dm_status',
		'dm_status_at',
		'left_at',
		'anonymized_at',
		'created_at',
		'last_chat_reply_at'
	],
	diagnostics: [
		'id',
		'member_id',
		'source',
		'schema_version',
		'tool_version',
		'generated_at',
		'rules_version',
		'raw',
		'file_bytes',
		'critical_count',
		'warning_count',
		'recommendation',
		'findings',
		'booking_id',
		'created_at',
		'avg_fps'
	],
	quick_assessments: ['id', 'member_id', 'gpu', 'current_fps', 'refresh_hz', 'problems', 'recommendation', 'reasons', 'created_at'],
	booking_links: [
		'id',
		'token_hash',
		'member_id',
		'package_code',
		'diagnostic_id',
		'quick_assessment_id',
		'referral_code_id',
		'created_at',
		'expires_at',
		'used_at'
	],
	bookings: [
		'id',
		'calendly_invitee_uri',
		'calendly_event_uri',
		'member_id',
		'booking_link_id',
		'package_code',
		'status',
		'starts_at',
		'ends_at',
		'timezone',
		'invitee_name',
		'invitee_email',
		'price_aed',
		'discount_aed',
		'credit_applied_aed',
		'payment_status',
		'paid_aed',
		'payment_method',
		'paid_at',
		'paid_by',
		'referral_code_id',
		'match_method',
		'needs_staff_review',
		'reschedule_url',
		'cancel_url',
		'cancel_reason',
		'canceled_by',
		'canceled_at',
		'no_show_at',
		'completed_at',
		'completed_by',
		'replaces_booking_id',
		'old_invitee_uri',
		'new_invitee_uri',
		'checklist',
		'thread_channel_id',
		'staff_message_id',
		'created_at',
		'performance_check_answer',
		'performance_check_at',
		'recheck_diagnostic_id'
	],
	booking_claims: ['id', 'booking_id', 'member_id', 'basis', 'status', 'created_at', 'decided_at'],
	webhook_events: [
		'source',
		'event_type',
		'dedupe_key',
		'raw_body',
		'deliveries',
		'received_at',
		'last_received_at',
		'outcome',
		'error',
		'booking_id',
		'processed_at',
		'scrubbed_at'
	],
	notifications: [
		'id',
		'kind',
		'booking_id',
		'member_id',
		'ticket_id',
		'dedupe_key',
		'due_at',
		'payload',
		'status',
		'claimed_by',
		'claimed_until',
		'queued_at',
		'sent_at',
		'attempts',
		'last_attempt_at',
		'last_error',
		'canceled_at',
		'cancel_reason',
		'created_at'
	],
	support_tickets: [
		'id',
		'member_id',
		'booking_id',
		'topic',
		'description',
		'status',
		'channel_id',
		'claimed_by',
		'claimed_at',
		'closed_by',
		'close_reason',
		'closed_at',
		'last_activity_at',
		'nudged_at',
		'rating',
		'created_at'
	],
	testimonials: [
		'id',
		'booking_id',
		'member_id',
		'rating',
		'fps_before',
		'fps_after',
		'feedback',
		'fps_source',
		'status',
		'reviewed_by',
		'reviewed_at',
		'reject_reason',
		'staff_message_id',
		'public_message_id',
		'created_at',
		'revision',
		'measured_fps_before',
		'measured_fps_after'
	],
	captures: [
		'id',
		'member_id',
		'booking_id',
		'phase',
		'source',
		'format',
		'application',
		'frames',
		'duration_s',
		'avg_fps',
		'p1_fps',
		'p01_fps',
		'stutters',
		'chart_ms',
		'staff_card_posted_at',
		'created_at'
	],
	referral_codes: ['id', 'member_id', 'code', 'created_at', 'revoked_at'],
	referrals: [
		'id',
		'referral_code_id',
		'referrer_member_id',
		'referred_member_id',
		'booking_id',
		'discount_percent',
		'status',
		'created_at',
		'rewarded_at',
		'reversed_at'
	],
	credit_ledger: ['member_id', 'entry_type', 'amount_aed', 'reason', 'actor', 'referral_id', 'booking_id', 'created_at']
} as const;
export type Table = keyof typeof columns;
type Columns<T extends Table> = Partial<Record<(typeof columns)[T][number], Value>>;

let sequence = 0;
/** A number no other row this process makes has used (unique columns are made from it). */
const next = () => (sequence += 1);

function render(value: Value, params: unknown[]): string {
	if (!(value instanceof Sql)) {
		params.push(value);
		return `$${params.length}`;
	}
	// A nested piece stands in parentheses, so `${sql\`now() + ...\`}::timestamptz` casts the whole of it.
	const nested = (inner: Value) => (inner instanceof Sql ? `(${render(inner, params)})` : render(inner, params));
	return value.strings.reduce((text, part, index) => (index === 0 ? part : `${text}${nested(value.values[index - 1])}${part}`), '');
}

/** Inserts one row of `table` with the given columns (undefined ones left to the schema) and returns it. */
export async function insertRow<T extends Row>(db: Queryable, table: Table, values: Record<string, Value>): Promise<T> {
	const entries = Object.entries(values).filter(([, value]) => value !== undefined);
	const params: unknown[] = [];
	const placeholders = entries.map(([, value]) => render(value, params)).join(', ');
	const names = entries.map(([name]) => name).join(', ');
	const [row] = await db.query<T>(`insert into public.${table} (${names}) values (${placeholders}) returning *`, params);
	if (!row) throw new Error(`insertRow(${table}): the insert returned no row`);
	return row;
}

// ---------------------------------------------------------------------------------------------------------------------
// Members and what they send before a session
// ---------------------------------------------------------------------------------------------------------------------

export interface MemberRow extends Row {
	id: string;
	discord_user_id: string | null;
	username: string | null;
}

/** A fresh 18-digit Discord id no other factory call has returned. */
export const discordUserId = (): string => String(880_000_000_000_000_000n + BigInt(next()));

/** A member with a fresh Discord id and username; an anonymised one when `anonymized_at` is given (no identity). */
export function member(db: Queryable, overrides: Columns<'members'> = {}): Promise<MemberRow> {
	const anonymized = overrides.anonymized_at !== undefined && overrides.anonymized_at !== null;
	const id = anonymized ? null : discordUserId();
	return insertRow<MemberRow>(db, 'members', { discord_user_id: id, username: id ? `member${id.slice(-6)}` : null, ...overrides });
}

async function memberId(db: Queryable, given: Value): Promise<Value> {
	return given === undefined ? (await member(db)).id : given;
}

/** A row that belongs to a member: `defaults` under `overrides`, and a new member when `member_id` is not given. */
async function rowOfMember<R extends Row>(
	db: Queryable,
	table: Table,
	overrides: { member_id?: Value },
	defaults: Record<string, Value>
): Promise<R> {
	return insertRow<R>(db, table, { ...defaults, ...overrides, member_id: await memberId(db, overrides.member_id) });
}

/** A diagnostic file as the tool sends it: no findings, verdict 'full'. */
export async function diagnostic(db: Queryable, overrides: Columns<'diagnostics'> = {}): Promise<Row & { id: string }> {
	return rowOfMember(db, 'diagnostics', overrides, {
		source: 'dm_attachment',
		schema_version: 'fpsos-diagnostic/1',
		generated_at: sql`now()`,
		rules_version: '1',
		raw: {},
		file_bytes: 100,
		critical_count: 0,
		warning_count: 0,
		recommendation: 'full'
	});
}

/** The short questionnaire's answers: an RTX 3070 at 120 FPS on a 144 Hz screen, verdict 'quick'. */
export async function quickAssessment(db: Queryable, overrides: Columns<'quick_assessments'> = {}): Promise<Row & { id: string }> {
	return rowOfMember(db, 'quick_assessments', overrides, {
		gpu: 'RTX 3070',
		current_fps: 120,
		refresh_hz: 144,
		recommendation: 'quick'
	});
}

// ---------------------------------------------------------------------------------------------------------------------
// Bookings and their links
// ---------------------------------------------------------------------------------------------------------------------

/** A personal booking link for the 'full' package (pass the SHA-256 of a token you hold as `token_hash`). */
export async function bookingLink(db: Queryable, overrides: Columns<'booking_links'> = {}): Promise<Row & { id: string }> {
	return rowOfMember(db, 'booking_links', overrides, {
		token_hash: randomBytes(32).toString('hex'),
		package_code: 'full'
	});
}

export interface BookingRow extends Row {
	id: string;
	member_id: string | null;
	calendly_invitee_uri: string;
}

/** A fresh Calendly invitee URI (bookings are unique by it). */
export const inviteeUri = (): string => {
	const n = next();
	return `https://api.calendly.com/scheduled_events/ROWS${n}/invitees/ROWS${n}`;
};

/**
 * A booking of the 'full' package, scheduled a day from now for an hour (`ends_at` defaults to `starts_at` + 1 hour),
 * with no member unless `member_id` is given; prices and payment are the schema's defaults.
 */
export function booking(db: Queryable, overrides: Columns<'bookings'> = {}): Promise<BookingRow> {
	const startsAt = overrides.starts_at ?? sql`now() + interval '1 day'`;
	return insertRow<BookingRow>(db, 'bookings', {
		calendly_invitee_uri: inviteeUri(),
		package_code: 'full',
		...overrides,
		starts_at: startsAt,
		ends_at: overrides.ends_at ?? sql`${startsAt}::timestamptz + interval '1 hour'`
	});
}

/** A pending claim (basis 'discord_answer') of a booking (a new one without a member when none is given). */
export async function bookingClaim(db: Queryable, overrides: Columns<'booking_claims'> = {}): Promise<Row & { id: string }> {
	const decided = overrides.status !== undefined && overrides.status !== 'pending';
	return insertRow(db, 'booking_claims', {
		basis: 'discord_answer',
		decided_at: decided ? sql`now()` : undefined,
		...overrides,
		booking_id: overrides.booking_id ?? (await booking(db)).id,
		member_id: await memberId(db, overrides.member_id)
	});
}

/** A Calendly delivery we accepted: `invitee.created` with an empty body. */
export function webhookEvent(db: Queryable, overrides: Columns<'webhook_events'> = {}): Promise<Row & { id: number }> {
	return insertRow(db, 'webhook_events', { event_type: 'invitee.created', dedupe_key: `rows-${next()}`, raw_body: '{}', ...overrides });
}

// ---------------------------------------------------------------------------------------------------------------------
// The outbox
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A notification row written straight into the outbox (as a test arranges one, not as the bot plans one): a
 * 'staff_alert' due now, with a fresh dedupe key unless it belongs to a booking; a 'sent' one gets `sent_at` = due.
 */
export function notification(db: Queryable, overrides: Columns<'notifications'> = {}): Promise<Row & { id: string }> {
	const dueAt = overrides.due_at ?? sql`now()`;
	const hasBooking = overrides.booking_id !== undefined && overrides.booking_id !== null;
	return insertRow(db, 'notifications', {
		kind: 'staff_alert',
		dedupe_key: hasBooking ? undefined : `rows-${next()}`,
		sent_at: overrides.status === 'sent' ? dueAt : undefined,
		...overrides,
		due_at: dueAt
	});
}

// ---------------------------------------------------------------------------------------------------------------------
// Tickets, testimonials, captures
// ---------------------------------------------------------------------------------------------------------------------

/** An open support ticket about 'other' (a closed one gets the reason 'solved' unless one is given). */
export async function ticket(db: Queryable, overrides: Columns<'support_tickets'> = {}): Promise<Row & { id: string; number: number }> {
	return rowOfMember(db, 'support_tickets', overrides, {
		topic: 'other',
		close_reason: overrides.status === 'closed' ? 'solved' : undefined
	});
}

/** A pending testimonial rated 10 of a booking (a new completed one of the member when none is given). */
export async function testimonial(db: Queryable, overrides: Columns<'testimonials'> = {}): Promise<Row & { id: string }> {
	const memberIdValue = await memberId(db, overrides.member_id);
	const bookingId = overrides.booking_id ?? (await booking(db, { member_id: memberIdValue, status: 'completed', starts_at: ago('1 day') })).id;
	return insertRow(db, 'testimonials', { rating: 10, ...overrides, booking_id: bookingId, member_id: memberIdValue });
}

/** A frame-time capture: a 'before' PresentMon run of cs2.exe, 6000 frames in 60 s at 200 FPS (1% low 100). */
export async function capture(db: Queryable, overrides: Columns<'captures'> = {}): Promise<Row & { id: string }> {
	return rowOfMember(db, 'captures', overrides, {
		phase: 'before',
		source: 'dm_attachment',
		format: 'presentmon-2',
		application: 'cs2.exe',
		frames: 6000,
		duration_s: 60,
		avg_fps: 200,
		p1_fps: 100,
		p01_fps: 100,
		stutters: 0,
		chart_ms: '{5}'
	});
}

// ---------------------------------------------------------------------------------------------------------------------
// Referrals and credit
// ---------------------------------------------------------------------------------------------------------------------

const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A fresh referral code in the codes' alphabet (no I, O, 0, 1), six characters. */
export function referralCodeText(): string {
	let n = next();
	let code = '';
	for (let index = 0; index < 6; index += 1) {
		code = codeAlphabet[n % codeAlphabet.length]! + code;
		n = Math.floor(n / codeAlphabet.length);
	}
	return code;
}

/** A member's referral code (a new member's when none is given). */
export async function referralCode(db: Queryable, overrides: Columns<'referral_codes'> = {}): Promise<Row & { id: string; code: string }> {
	return rowOfMember(db, 'referral_codes', overrides, { code: referralCodeText() });
}

/** A pending referral: the referrer's code (made when not given) applied by a referred member (made when not given). */
export async function referral(db: Queryable, overrides: Columns<'referrals'> = {}): Promise<Row & { id: string }> {
	let { referral_code_id: codeId, referrer_member_id: referrer } = overrides;
	if (codeId === undefined) {
		const code = await referralCode(db, { member_id: referrer });
		codeId = code.id;
		referrer = code.member_id;
	} else if (referrer === undefined) {
		referrer = sql`(select member_id from public.referral_codes where id = ${codeId}::uuid)`;
	}
	return insertRow(db, 'referrals', {
		...overrides,
		referral_code_id: codeId,
		referrer_member_id: referrer,
		referred_member_id: await memberId(db, overrides.referred_member_id)
	});
}

/** One credit ledger entry: 25 AED adjusted by staff for goodwill (`amount_aed` must have the entry type's sign). */
export async function credit(db: Queryable, overrides: Columns<'credit_ledger'> = {}): Promise<Row & { id: number }> {
	return rowOfMember(db, 'credit_ledger', overrides, {
		entry_type: 'adjusted',
		amount_aed: 25,
		reason: 'goodwill',
		actor: 'discord:1'
	});
}
