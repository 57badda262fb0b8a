-- =====================================================================================================================
-- FPSOS Bot: the baseline schema for the whole funnel (join -> diagnostic -> booking -> session -> follow-ups ->
-- support), as the ten migrations of 2026-11-24 left it. Later migrations (20261207...) build on this file.
--
-- Read it top to bottom: tables, indexes, row-level security and grants, the seeded catalogue, then each function once,
-- in the form it had when these migrations ended, grouped by feature; the Realtime publication and the safety nets for
-- grants come last. Replaced later (read the live versions there): calendly_insert_booking and calendly_apply_delivery
-- (20261207152000_calendly_plans_notifications), bookings_referral_effects (20261207151000_plan_notification);
-- calendly_apply_delivery and calendly_apply_deliveries made SECURITY DEFINER for the Edge Function's role
-- (20261207100000_tight_and_fast).
--
-- This file squashes, and carries the version of the last of (as `supabase migration squash` does, so a database that
-- applied them all skips it):
--   20261124000000_initial_schema         the tables, indexes, RLS, grants and the package catalogue
--   20261124000100_member_chat_cooldown   members.last_chat_reply_at (one chat reply per member per few minutes)
--   20261124001000_calendly_webhook       calendly_apply_delivery and calendly_insert_booking, the matching indexes
--   20261124002000_follow_up_answers      bookings.performance_check_answer / _at
--   20261124003000_outbox_realtime        notifications in Supabase Realtime's publication
--   20261124004000_webhook_throughput     calendly_apply_deliveries (batches), lz4 raw bodies, a faster single delivery
--   20261124005000_referrals_and_credit   testimonial revisions, measured FPS, referral rewards and credit
--   20261124007000_stats                  bookings.paid_by and the /stats covering index
--   20261124008000_schema_hardening       no function executable by the API roles, now or by default
--   20261124010000_bookings_on_proof      booking_claims: bookings linked to members only on proof
-- A database that applied only some of them predates this baseline: `fpsos db migrate` refuses it and says how to
-- bring it up to 20261124010000 first (src/lib/data/migrations.ts). tests/db/migration-baseline.test.ts proves that
-- this file and the ten it replaces build the same schema, from the old files in git history.
--
-- Conventions: times are timestamptz, money is numeric(10,2) in AED with the currency in the column name, ids are
-- uuid (bigint identity for append-only logs). Every table has row-level security enabled and NO policy for `anon`
-- or `authenticated`: those roles read and write nothing. The bot and the Edge Function connect with the database
-- URL (the table owner) or as `service_role`, which bypass RLS; `service_role` gets explicit grants below. Columns
-- added after a table was first created stand last in it (as in databases built by the old migrations), under a
-- comment saying what they are for.
-- =====================================================================================================================

-- =====================================================================================================================
-- Tables
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Members: one row per Discord user the bot has met. Anonymised rows keep their id (for accounting) and lose the rest.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.members (
	id uuid primary key default gen_random_uuid(),
	discord_user_id text unique check (discord_user_id ~ '^\d{17,20}$'),
	username text check (char_length(username) <= 100),
	display_name text check (char_length(display_name) <= 100),
	locale text check (char_length(locale) <= 10),
	timezone text check (char_length(timezone) <= 64),
	joined_at timestamptz,
	screening_passed_at timestamptz,
	welcomed_at timestamptz,
	dm_status text not null default 'unknown' check (dm_status in ('unknown', 'open', 'closed')),
	dm_status_at timestamptz,
	left_at timestamptz,
	anonymized_at timestamptz,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	-- Chat replies (greetings and intents) go out at most once per member per few minutes, even across bot processes:
	-- the reply is claimed by moving this timestamp forward atomically.
	last_chat_reply_at timestamptz,
	constraint members_identity_or_anonymized check ((discord_user_id is null) = (anonymized_at is not null))
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Packages: the catalogue, editable by the owner in Studio. Prices in AED. Seeded below.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.packages (
	code text primary key check (code ~ '^[a-z][a-z0-9_]{1,31}$'),
	name text not null check (char_length(name) between 1 and 80),
	description text not null default '' check (char_length(description) <= 1000),
	price_aed numeric(10, 2) not null check (price_aed >= 0),
	duration_minutes integer not null default 60 check (duration_minutes between 5 and 600),
	calendly_url text check (calendly_url ~ '^https://'),
	calendly_event_type_uri text unique,
	recommendable boolean not null default true,
	active boolean not null default true,
	sort_order integer not null default 0,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Diagnostics: what the PowerShell tool collected (raw file kept) and what the analyzer concluded. booking_id's
-- foreign key is added after bookings (the two reference each other).
-- ---------------------------------------------------------------------------------------------------------------------
create table public.diagnostics (
	id uuid primary key default gen_random_uuid(),
	member_id uuid not null references public.members (id) on delete cascade,
	source text not null check (source in ('dm_attachment', 'slash_upload', 'modal_upload', 'staff')),
	schema_version text not null,
	tool_version text,
	generated_at timestamptz not null,
	rules_version text not null,
	raw jsonb not null,
	file_bytes integer not null check (file_bytes between 1 and 1048576),
	critical_count integer not null check (critical_count >= 0),
	warning_count integer not null check (warning_count >= 0),
	recommendation text not null check (recommendation in ('extreme', 'full', 'quick', 'good')),
	findings jsonb not null default '[]'::jsonb check (jsonb_typeof(findings) = 'array'),
	booking_id uuid,
	created_at timestamptz not null default now(),
	-- A measured average FPS (`performance.avg_fps`, from a benchmark run by the tool or staff), when the file has one.
	avg_fps integer check (avg_fps between 1 and 1000)
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Quick assessments: the short questionnaire for members who do not run the tool.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.quick_assessments (
	id uuid primary key default gen_random_uuid(),
	member_id uuid not null references public.members (id) on delete cascade,
	gpu text not null check (char_length(gpu) between 1 and 100),
	current_fps integer not null check (current_fps between 1 and 1000),
	refresh_hz integer not null check (refresh_hz between 24 and 1000),
	problems text not null default '' check (char_length(problems) <= 1000),
	recommendation text not null check (recommendation in ('extreme', 'full', 'quick', 'good')),
	reasons jsonb not null default '[]'::jsonb check (jsonb_typeof(reasons) = 'array'),
	created_at timestamptz not null default now()
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Referral codes: one per member.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.referral_codes (
	id uuid primary key default gen_random_uuid(),
	member_id uuid not null unique references public.members (id) on delete cascade,
	code text not null unique check (code ~ '^[A-HJ-NP-Z2-9]{4,12}$'),
	created_at timestamptz not null default now(),
	-- Set when the owner erased their data: the code stops giving discounts and earning credit.
	revoked_at timestamptz
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Personal booking links: an unguessable token (only its SHA-256 is stored) bound to the member and what led there.
-- The token is proof that a booking is the member's for 14 days, once (calendly_insert_booking).
-- ---------------------------------------------------------------------------------------------------------------------
create table public.booking_links (
	id uuid primary key default gen_random_uuid(),
	token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	member_id uuid not null references public.members (id) on delete cascade,
	package_code text not null references public.packages (code) on update cascade,
	diagnostic_id uuid references public.diagnostics (id) on delete set null,
	quick_assessment_id uuid references public.quick_assessments (id) on delete set null,
	referral_code_id uuid references public.referral_codes (id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null default now() + interval '14 days',
	used_at timestamptz
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Bookings: one row per Calendly invitee. A reschedule cancels the old invitee and creates a new one; the new row
-- points at the one it replaced. Prices are our own records (Calendly cannot charge in AED). match_method says how the
-- member was found: on proof ('link_token', 'staff', 'claim' the member confirmed); 'discord_answer' and 'email' only
-- on rows written before bookings_on_proof (never proof: they earn no referral credit).
-- ---------------------------------------------------------------------------------------------------------------------
create table public.bookings (
	id uuid primary key default gen_random_uuid(),
	calendly_invitee_uri text not null unique,
	calendly_event_uri text,
	member_id uuid references public.members (id) on delete set null,
	booking_link_id uuid references public.booking_links (id) on delete set null,
	package_code text references public.packages (code) on update cascade,
	status text not null default 'scheduled'
		check (status in ('scheduled', 'canceled', 'rescheduled', 'completed', 'no_show')),
	starts_at timestamptz not null,
	ends_at timestamptz not null,
	timezone text check (char_length(timezone) <= 64),
	invitee_name text,
	invitee_email text,
	price_aed numeric(10, 2) not null default 0 check (price_aed >= 0),
	discount_aed numeric(10, 2) not null default 0 check (discount_aed >= 0),
	credit_applied_aed numeric(10, 2) not null default 0 check (credit_applied_aed >= 0),
	payment_status text not null default 'unpaid' check (payment_status in ('unpaid', 'paid', 'refunded', 'waived')),
	paid_aed numeric(10, 2) check (paid_aed >= 0),
	payment_method text check (char_length(payment_method) <= 40),
	paid_at timestamptz,
	referral_code_id uuid references public.referral_codes (id) on delete set null,
	match_method text check (match_method in ('link_token', 'discord_answer', 'email', 'staff', 'claim')),
	needs_staff_review boolean not null default false,
	reschedule_url text,
	cancel_url text,
	cancel_reason text,
	canceled_by text,
	canceled_at timestamptz,
	no_show_at timestamptz,
	completed_at timestamptz,
	completed_by text,
	replaces_booking_id uuid unique references public.bookings (id) on delete set null,
	old_invitee_uri text,
	new_invitee_uri text,
	checklist jsonb not null default '{}'::jsonb check (jsonb_typeof(checklist) = 'object'),
	thread_channel_id text,
	staff_message_id text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	-- The answer to the one-week "how's performance?" check-in (quick buttons in the DM).
	performance_check_answer text check (performance_check_answer in ('better', 'same', 'worse')),
	performance_check_at timestamptz,
	-- Who recorded a payment by hand (`/booking paid`), next to when (paid_at) and how (payment_method).
	paid_by text check (char_length(paid_by) <= 100),
	constraint bookings_ends_after_start check (ends_at >= starts_at),
	constraint bookings_discount_within_price check (discount_aed + credit_applied_aed <= price_aed)
);

alter table public.diagnostics
	add constraint diagnostics_booking_id_fkey foreign key (booking_id) references public.bookings (id) on delete set null;

-- ---------------------------------------------------------------------------------------------------------------------
-- Claims: a booking an unproven match pointed at a member (a Discord id or username typed into the form, an e-mail
-- seen before, a reused or expired personal link) is kept without a member, and the member is asked by DM whether it
-- is theirs. One claim per booking; `basis` says what pointed there. Yes links it (match_method 'claim').
-- ---------------------------------------------------------------------------------------------------------------------
create table public.booking_claims (
	id uuid primary key default gen_random_uuid(),
	booking_id uuid not null unique references public.bookings (id) on delete cascade,
	member_id uuid not null references public.members (id) on delete cascade,
	basis text not null check (basis in ('discord_answer', 'email', 'link_reused', 'link_expired')),
	status text not null default 'pending' check (status in ('pending', 'confirmed', 'declined', 'withdrawn')),
	created_at timestamptz not null default now(),
	decided_at timestamptz,
	constraint booking_claims_decided_has_time check ((status = 'pending') = (decided_at is null))
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Webhook events: every Calendly delivery we accepted, raw body kept, deduplicated by a key derived from the payload.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.webhook_events (
	id bigint generated always as identity primary key,
	source text not null default 'calendly' check (source in ('calendly')),
	event_type text not null,
	dedupe_key text not null unique,
	raw_body text not null,
	deliveries integer not null default 1 check (deliveries >= 1),
	received_at timestamptz not null default now(),
	last_received_at timestamptz not null default now(),
	outcome text not null default 'received'
		check (outcome in ('received', 'processed', 'ignored', 'unmatched', 'failed')),
	error text,
	booking_id uuid references public.bookings (id) on delete set null,
	processed_at timestamptz
);

-- Raw bodies (2-3 kB, compressed by TOAST) use lz4 where the server has it (PostgreSQL 14+ built with lz4, as on
-- Supabase): half of pglz's CPU for a tenth more bytes. PGlite has pglz only.
do $$
begin
	if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
		alter table public.webhook_events alter column raw_body set compression lz4;
	end if;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------------
-- Support tickets and their transcripts. One open ticket per member.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.support_tickets (
	id uuid primary key default gen_random_uuid(),
	number integer generated always as identity unique,
	member_id uuid not null references public.members (id) on delete cascade,
	booking_id uuid references public.bookings (id) on delete set null,
	topic text not null check (char_length(topic) between 1 and 50),
	description text not null default '' check (char_length(description) <= 4000),
	status text not null default 'open' check (status in ('open', 'closed')),
	channel_id text unique,
	claimed_by text,
	claimed_at timestamptz,
	closed_by text,
	close_reason text check (char_length(close_reason) <= 500),
	closed_at timestamptz,
	last_activity_at timestamptz not null default now(),
	nudged_at timestamptz,
	rating integer check (rating between 1 and 5),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint support_tickets_closed_has_reason check (status = 'open' or close_reason is not null)
);

create table public.ticket_messages (
	id bigint generated always as identity primary key,
	ticket_id uuid not null references public.support_tickets (id) on delete cascade,
	discord_message_id text unique,
	author_discord_id text not null,
	author_name text,
	author_is_staff boolean not null default false,
	content text not null default '' check (char_length(content) <= 4000),
	attachments jsonb not null default '[]'::jsonb check (jsonb_typeof(attachments) = 'array'),
	created_at timestamptz not null default now()
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Notifications outbox: everything the bot must send, once. A row is claimed (lease) before sending; `sent_at` marks
-- it done. Booking notifications are unique per booking and kind; others carry a dedupe key.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.notifications (
	id uuid primary key default gen_random_uuid(),
	kind text not null check (kind in (
		'booking_confirmation', 'booking_moved', 'booking_canceled', 'staff_booking_card',
		'reminder_24h', 'reminder_2h', 'session_started', 'no_show_rebook',
		'testimonial_request', 'performance_check', 'reoptimize_offer',
		'ticket_nudge', 'ticket_autoclose', 'staff_alert',
		'testimonial_review', 'testimonial_published', 'referral_credit', 'low_rating_ticket',
		'booking_claim'
	)),
	booking_id uuid references public.bookings (id) on delete cascade,
	member_id uuid references public.members (id) on delete cascade,
	ticket_id uuid references public.support_tickets (id) on delete cascade,
	dedupe_key text unique,
	due_at timestamptz not null,
	payload jsonb not null default '{}'::jsonb,
	status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'canceled', 'skipped')),
	claimed_by text,
	claimed_until timestamptz,
	queued_at timestamptz,
	sent_at timestamptz,
	attempts integer not null default 0 check (attempts >= 0),
	last_attempt_at timestamptz,
	last_error text,
	canceled_at timestamptz,
	cancel_reason text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint notifications_once_per_booking unique (booking_id, kind),
	constraint notifications_has_subject check (booking_id is not null or dedupe_key is not null),
	constraint notifications_sent_has_time check ((status = 'sent') = (sent_at is not null))
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Testimonials: one per booking, pending until staff approve. A resubmission is a new revision (the staff card is
-- refreshed once per revision); measured FPS come from the member's diagnostics.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.testimonials (
	id uuid primary key default gen_random_uuid(),
	booking_id uuid not null unique references public.bookings (id) on delete cascade,
	member_id uuid not null references public.members (id) on delete cascade,
	rating integer not null check (rating between 1 and 10),
	fps_before integer check (fps_before between 1 and 1000),
	fps_after integer check (fps_after between 1 and 1000),
	feedback text not null default '' check (char_length(feedback) <= 1000),
	fps_source text not null default 'self_reported' check (fps_source in ('self_reported', 'measured')),
	status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
	reviewed_by text,
	reviewed_at timestamptz,
	reject_reason text check (char_length(reject_reason) <= 500),
	staff_message_id text,
	public_message_id text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	revision integer not null default 1 check (revision >= 1),
	measured_fps_before integer check (measured_fps_before between 1 and 1000),
	measured_fps_after integer check (measured_fps_after between 1 and 1000)
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Referrals: one reward per referred member, never self. A referral applied in Discord before booking waits as
-- pending, without a booking yet.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.referrals (
	id uuid primary key default gen_random_uuid(),
	referral_code_id uuid not null references public.referral_codes (id) on delete cascade,
	referrer_member_id uuid not null references public.members (id) on delete cascade,
	referred_member_id uuid not null unique references public.members (id) on delete cascade,
	booking_id uuid unique references public.bookings (id) on delete set null,
	discount_percent numeric(5, 2) not null default 10 check (discount_percent between 0 and 100),
	status text not null default 'pending' check (status in ('pending', 'rewarded', 'reversed', 'void')),
	created_at timestamptz not null default now(),
	rewarded_at timestamptz,
	reversed_at timestamptz,
	constraint referrals_not_self check (referrer_member_id <> referred_member_id)
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Credit ledger: append-only entries in AED. A referral earns (and can reverse) once; redemptions are negative.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.credit_ledger (
	id bigint generated always as identity primary key,
	member_id uuid not null references public.members (id) on delete restrict,
	entry_type text not null check (entry_type in ('earned', 'reversed', 'redeemed', 'adjusted')),
	amount_aed numeric(10, 2) not null check (amount_aed <> 0),
	reason text not null check (char_length(reason) between 1 and 500),
	actor text not null check (char_length(actor) between 1 and 100),
	referral_id uuid references public.referrals (id) on delete restrict,
	booking_id uuid references public.bookings (id) on delete set null,
	created_at timestamptz not null default now(),
	constraint credit_ledger_sign check (
		(entry_type = 'earned' and amount_aed > 0)
		or (entry_type in ('reversed', 'redeemed') and amount_aed < 0)
		or entry_type = 'adjusted'
	)
);

-- =====================================================================================================================
-- Indexes (besides those of primary keys and unique constraints)
-- =====================================================================================================================

-- Members: the newest, those with closed DMs, and a Discord username typed into the Calendly form.
create index members_created_at_idx on public.members (created_at);
create index members_dm_closed_idx on public.members (dm_status_at) where dm_status = 'closed';
create index members_username_lower_idx on public.members (lower(username)) where username is not null;

-- Diagnostics and quick assessments: a member's latest, the period's, and the measured FPS around a session.
create index diagnostics_member_created_idx on public.diagnostics (member_id, created_at desc);
create index diagnostics_created_at_idx on public.diagnostics (created_at);
create index diagnostics_member_fps_idx on public.diagnostics (member_id, created_at) where avg_fps is not null;
create index quick_assessments_member_created_idx on public.quick_assessments (member_id, created_at desc);
create index quick_assessments_created_at_idx on public.quick_assessments (created_at);

create index booking_links_member_created_idx on public.booking_links (member_id, created_at desc);

-- Bookings: a member's, by time and status, those staff must review, a reschedule's two invitees, an e-mail seen on an
-- earlier booking (a claim's basis), and the sessions /stats reads.
create index bookings_member_starts_idx on public.bookings (member_id, starts_at desc);
create index bookings_starts_at_idx on public.bookings (starts_at);
create index bookings_created_at_idx on public.bookings (created_at);
create index bookings_status_starts_idx on public.bookings (status, starts_at);
create index bookings_needs_review_idx on public.bookings (created_at) where needs_staff_review;
create index bookings_old_invitee_idx on public.bookings (old_invitee_uri) where old_invitee_uri is not null;
create index bookings_new_invitee_idx on public.bookings (new_invitee_uri) where new_invitee_uri is not null;
create index bookings_invitee_email_lower_idx on public.bookings (lower(invitee_email), created_at desc)
	where member_id is not null;
-- `/stats` reads the sessions due in a period that were completed or missed, with their payment: this partial index
-- covers those columns (an index-only scan instead of one heap visit per session). The webhook inserts bookings as
-- 'scheduled' (or canceled/rescheduled), which never enter it, so webhook throughput is unchanged.
create index bookings_sessions_done_idx on public.bookings (starts_at) include (status, payment_status, paid_aed)
	where status in ('completed', 'no_show');

create index booking_claims_member_idx on public.booking_claims (member_id);

create index webhook_events_received_at_idx on public.webhook_events (received_at);

create unique index support_tickets_one_open_per_member on public.support_tickets (member_id) where status = 'open';
create index support_tickets_open_activity_idx on public.support_tickets (last_activity_at) where status = 'open';
create index support_tickets_created_at_idx on public.support_tickets (created_at);
create index ticket_messages_ticket_created_idx on public.ticket_messages (ticket_id, created_at);

-- Notifications: the due ones, a member's, the failed ones, and those about a testimonial.
create index notifications_due_idx on public.notifications (due_at) where status = 'pending';
create index notifications_member_idx on public.notifications (member_id);
create index notifications_failed_idx on public.notifications (last_attempt_at) where status = 'failed';
create index notifications_testimonial_idx on public.notifications ((payload ->> 'testimonial_id'))
	where kind in ('testimonial_review', 'testimonial_published', 'low_rating_ticket');

create index testimonials_member_idx on public.testimonials (member_id);
create index testimonials_created_at_idx on public.testimonials (created_at);
create index testimonials_pending_idx on public.testimonials (created_at) where status = 'pending';

create index referrals_code_idx on public.referrals (referral_code_id);
create index referrals_referrer_idx on public.referrals (referrer_member_id);
create index referrals_pending_idx on public.referrals (referred_member_id) where status = 'pending';

-- A referral earns (and reverses) once.
create unique index credit_ledger_once_per_referral on public.credit_ledger (referral_id, entry_type)
	where referral_id is not null;
create index credit_ledger_member_idx on public.credit_ledger (member_id, created_at);
create index credit_ledger_booking_idx on public.credit_ledger (booking_id) where booking_id is not null;

-- =====================================================================================================================
-- Row-level security and grants: enabled on every table; anon/authenticated get nothing (Supabase's default
-- privileges grant them everything on new tables, so revoke explicitly); service_role gets what the bot needs.
-- No policies: nothing is meant to be read through Supabase's APIs.
-- =====================================================================================================================
do $$
declare
	t text;
begin
	foreach t in array array[
		'members', 'packages', 'diagnostics', 'quick_assessments', 'referral_codes', 'booking_links', 'bookings',
		'booking_claims', 'webhook_events', 'notifications', 'testimonials', 'referrals', 'credit_ledger',
		'support_tickets', 'ticket_messages'
	] loop
		execute format('alter table public.%I enable row level security', t);
		execute format('revoke all on table public.%I from anon, authenticated', t);
		execute format('grant select, insert, update, delete on table public.%I to service_role', t);
	end loop;
end
$$;

revoke all on all sequences in schema public from anon, authenticated;
grant usage, select on all sequences in schema public to service_role;

-- =====================================================================================================================
-- Data: the package catalogue (prices in AED).
-- =====================================================================================================================
insert into public.packages (code, name, description, price_aed, duration_minutes, recommendable, sort_order) values
	('quick', 'Quick Fix', 'The essentials for a smoother game: power, Windows and driver settings.', 199.00, 60, true, 1),
	('full', 'Full Tune-Up', 'A complete pass over Windows, drivers, memory, display and network for CS2.', 399.00, 120, true, 2),
	('extreme', 'Extreme BIOSPRIME', 'Everything in the Full Tune-Up plus BIOS, memory timing and latency work.', 699.00, 180, true, 3),
	('reoptimize', 'Re-optimisation', 'A return visit for past customers: re-apply and refresh the tune.', 99.00, 60, false, 4)
on conflict (code) do nothing;

-- =====================================================================================================================
-- Functions and triggers, by feature. Each function fixes its search_path (''), names every object with its schema,
-- and is executable by service_role at most: never by anon, authenticated or PUBLIC.
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Row helpers: updated_at kept current, and append-only tables.
-- ---------------------------------------------------------------------------------------------------------------------
create function public.set_updated_at() returns trigger
	language plpgsql
	set search_path = ''
as $$
begin
	new.updated_at := now();
	return new;
end
$$;

create function public.forbid_change() returns trigger
	language plpgsql
	set search_path = ''
as $$
begin
	raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = 'P0001';
end
$$;

revoke all on function public.set_updated_at() from public, anon, authenticated;
revoke all on function public.forbid_change() from public, anon, authenticated;

create trigger members_set_updated_at before update on public.members
	for each row execute function public.set_updated_at();
create trigger packages_set_updated_at before update on public.packages
	for each row execute function public.set_updated_at();
create trigger bookings_set_updated_at before update on public.bookings
	for each row execute function public.set_updated_at();
create trigger notifications_set_updated_at before update on public.notifications
	for each row execute function public.set_updated_at();
create trigger testimonials_set_updated_at before update on public.testimonials
	for each row execute function public.set_updated_at();
create trigger support_tickets_set_updated_at before update on public.support_tickets
	for each row execute function public.set_updated_at();
create trigger credit_ledger_append_only before update or delete on public.credit_ledger
	for each row execute function public.forbid_change();

-- ---------------------------------------------------------------------------------------------------------------------
-- The Calendly webhook: the write side of the calendly-webhook Edge Function and of the bot's /webhooks/calendly
-- (supabase/functions/_shared/calendly; both use store.ts).
--
-- One verified delivery = one call of public.calendly_apply_delivery(delivery, raw_body), several = one call of
-- public.calendly_apply_deliveries(deliveries, raw_bodies): a single statement, so a single transaction in which the
-- webhook_events row (deduplicated), the booking and its outbox rows commit together or not at all. The caller
-- verifies the signature, parses the payload and passes normalised fields as jsonb; matching and writing happen here,
-- next to the data, in one round trip.
--
-- The wake-up (NOTIFY fpsos_outbox) is sent by the caller right after this commits, in a transaction of its own:
-- PostgreSQL serialises the commits of all NOTIFYing transactions cluster-wide (PreCommit_Notify takes a global lock
-- and holds it through the WAL flush), which would cap deliveries at one per fsync. The rows are durable before the
-- wake-up goes out, and the bot's periodic sweep claims anything a lost wake-up missed.
--
-- Throughput (issue #5, >= 1,000 signed deliveries/s on 2 cores, bench/webhook.ts): PostgreSQL's time per delivery
-- goes to executor start-up of every statement, CHECK constraints, foreign-key checks, index insertion, the commit and
-- the round trip. Hence batches (one commit for all the deliveries that arrive while earlier ones are written), one
-- plpgsql call per booking, plain INSERTs where a conflict cannot happen, and no per-delivery subtransaction.
-- Batches cannot deadlock: they take every advisory lock up front in the order single deliveries use (sorted text),
-- and a personal link's lock is only ever tried, never waited for.
-- ---------------------------------------------------------------------------------------------------------------------

-- Inserts the booking of an invitee we have not seen yet and returns it, or a row of nulls when the invitee already
-- has one. Who booked:
--   1. proof: the personal link's token, unused and unexpired. Spending it is claimed under a transaction-level lock
--      on the token that is only ever tried (never waited for), so deliveries applied together cannot deadlock on it,
--      and of two deliveries carrying the same token at most one is proof;
--   2. the booking this one replaces (a reschedule), when its member was proven;
--   3. otherwise a claimant, never linked here: the link's member (a second use, or an expired link), the replaced
--      booking's claimant (or its member, when that was not proven), a Discord answer (an id, or a username exactly
--      one member holds), else the member of the latest linked booking with the same e-mail. A booking still ahead
--      gets a claim and the claim DM (booking_claim); the replaced booking's claim is withdrawn.
-- Package and price: event type, else event name, else the link's package, else the replaced booking's.
-- Referral (10% off): the link's code, else a code answered in the form, else the replaced booking's; never a revoked
-- code, never the member's (or the claimant's) own.
create function public.calendly_insert_booking(delivery jsonb, initial_status text, replaces uuid)
	returns public.bookings
	language plpgsql
	set search_path = ''
as $$
declare
	v_now timestamptz := coalesce((delivery ->> 'now')::timestamptz, now());
	v_member uuid;
	v_method text;
	v_claimant uuid;
	v_basis text;
	v_link uuid;
	v_link_member uuid;
	v_link_package text;
	v_link_referral uuid;
	v_link_expires timestamptz;
	v_link_used timestamptz;
	v_proof boolean := false;
	v_old_member uuid;
	v_old_method text;
	v_old_package text;
	v_old_referral uuid;
	v_old_claimant uuid;
	v_old_basis text;
	v_package text;
	v_price numeric;
	v_referral uuid;
	v_ids uuid[];
	v_claim uuid;
	v_email text := nullif(lower(delivery ->> 'invitee_email'), '');
	v_token text := delivery ->> 'token_hash';
	v_discord text := delivery ->> 'discord_user_id';
	v_username text := delivery ->> 'discord_username';
	v_event_type text := delivery ->> 'event_type_uri';
	v_event_name text := delivery ->> 'event_name';
	v_code text := delivery ->> 'referral_code';
	v_row public.bookings;
begin
	-- An earlier delivery about this invitee wrote its booking (callers hold the invitee's lock): nothing to insert,
	-- and the personal link is not spent on it.
	if exists (select 1 from public.bookings b where b.calendly_invitee_uri = delivery ->> 'invitee_uri') then
		return v_row;
	end if;

	if replaces is not null then
		select b.member_id, b.match_method, b.package_code, b.referral_code_id, c.member_id, c.basis
		into v_old_member, v_old_method, v_old_package, v_old_referral, v_old_claimant, v_old_basis
		from public.bookings b
		left join public.booking_claims c on c.booking_id = b.id and c.status = 'pending'
		where b.id = replaces;
	end if;

	-- 1. The personal link's token: proof when unused, unexpired, and this transaction holds its lock.
	if v_token is not null then
		select l.id, l.member_id, l.package_code, l.referral_code_id, l.expires_at
		into v_link, v_link_member, v_link_package, v_link_referral, v_link_expires
		from public.booking_links l
		where l.token_hash = v_token;
		if v_link is not null and v_link_expires > v_now
			and pg_try_advisory_xact_lock(hashtextextended('calendly:token:' || v_token, 0)) then
			-- Under the lock, the latest committed state (or this transaction's own earlier use).
			select l.used_at into v_link_used from public.booking_links l where l.id = v_link;
			v_proof := v_link_used is null;
		end if;
		if v_proof then
			v_member := v_link_member;
			v_method := 'link_token';
		elsif v_link is not null then
			v_claimant := v_link_member;
			v_basis := case when v_link_expires > v_now then 'link_reused' else 'link_expired' end;
		end if;
	end if;

	-- 2. A reschedule keeps a proven member.
	if v_member is null and v_old_member is not null and v_old_method in ('link_token', 'staff', 'claim') then
		v_member := v_old_member;
		v_method := v_old_method;
		v_claimant := null;
		v_basis := null;
	end if;

	-- 3. Claimants (never linked here).
	if v_member is null and v_claimant is null and coalesce(v_old_claimant, v_old_member) is not null then
		v_claimant := coalesce(v_old_claimant, v_old_member);
		v_basis := coalesce(v_old_basis, case when v_old_method = 'email' then 'email' else 'discord_answer' end);
	end if;
	if v_member is null and v_claimant is null and v_discord is not null then
		select m.id into v_claimant from public.members m where m.discord_user_id = v_discord;
		v_basis := 'discord_answer';
	end if;
	if v_member is null and v_claimant is null and v_username is not null then
		select array_agg(x.id) into v_ids
		from (
			select m.id from public.members m
			where lower(m.username) = lower(v_username) and m.username is not null
			limit 2
		) x;
		if cardinality(v_ids) = 1 then
			v_claimant := v_ids[1];
			v_basis := 'discord_answer';
		end if;
	end if;
	if v_member is null and v_claimant is null and v_email is not null then
		select b.member_id into v_claimant
		from public.bookings b
		where lower(b.invitee_email) = v_email and b.member_id is not null
		order by b.created_at desc
		limit 1;
		v_basis := 'email';
	end if;
	-- Nobody to ask: an erased member is never a claimant.
	if v_claimant is not null and not exists (
		select 1 from public.members m where m.id = v_claimant and m.anonymized_at is null
	) then
		v_claimant := null;
	end if;
	if v_claimant is null then
		v_basis := null;
	end if;

	-- Package and price: the event type, else the event name, else the link's package, else the replaced booking's.
	if v_event_type is not null then
		select p.code, p.price_aed into v_package, v_price
		from public.packages p
		where p.calendly_event_type_uri = v_event_type;
	end if;
	if v_package is null and v_event_name is not null then
		select p.code, p.price_aed into v_package, v_price
		from public.packages p
		where lower(p.name) = lower(v_event_name)
		order by p.active desc, p.sort_order, p.code
		limit 1;
	end if;
	if v_package is null and coalesce(v_link_package, v_old_package) is not null then
		select p.code, p.price_aed into v_package, v_price
		from public.packages p
		where p.code = coalesce(v_link_package, v_old_package);
	end if;
	v_price := coalesce(v_price, 0);

	-- Referral (10% off): the link's code, else a code answered in the form, else the replaced booking's; never a
	-- revoked code, never the member's or the claimant's own.
	if v_link_referral is not null then
		select rc.id into v_referral
		from public.referral_codes rc
		where rc.id = v_link_referral and rc.revoked_at is null and rc.member_id is distinct from coalesce(v_member, v_claimant);
	end if;
	if v_referral is null and v_code is not null then
		select rc.id into v_referral
		from public.referral_codes rc
		where rc.code = upper(v_code) and rc.revoked_at is null and rc.member_id is distinct from coalesce(v_member, v_claimant);
	end if;
	if v_referral is null and v_old_referral is not null then
		select rc.id into v_referral
		from public.referral_codes rc
		where rc.id = v_old_referral and rc.revoked_at is null and rc.member_id is distinct from coalesce(v_member, v_claimant);
	end if;

	insert into public.bookings (
		calendly_invitee_uri, calendly_event_uri, member_id, booking_link_id, package_code, status, starts_at, ends_at,
		timezone, invitee_name, invitee_email, price_aed, discount_aed, referral_code_id, match_method, needs_staff_review,
		reschedule_url, cancel_url, cancel_reason, canceled_by, canceled_at, no_show_at, replaces_booking_id,
		old_invitee_uri, new_invitee_uri
	) values (
		delivery ->> 'invitee_uri', delivery ->> 'event_uri', v_member, case when v_proof then v_link end, v_package,
		initial_status, (delivery ->> 'starts_at')::timestamptz, (delivery ->> 'ends_at')::timestamptz,
		delivery ->> 'timezone', delivery ->> 'invitee_name', delivery ->> 'invitee_email', v_price,
		case when v_referral is null then 0 else round(v_price * 0.10, 2) end, v_referral, v_method,
		v_member is null or v_package is null, delivery ->> 'reschedule_url', delivery ->> 'cancel_url',
		case when initial_status in ('canceled', 'rescheduled') then delivery ->> 'cancel_reason' end,
		case when initial_status in ('canceled', 'rescheduled') then delivery ->> 'canceled_by' end,
		case when initial_status in ('canceled', 'rescheduled') then (delivery ->> 'canceled_at')::timestamptz end,
		case when initial_status = 'no_show' then (delivery ->> 'no_show_at')::timestamptz end,
		replaces, delivery ->> 'old_invitee_uri', delivery ->> 'new_invitee_uri'
	)
	on conflict (calendly_invitee_uri) do nothing
	returning * into v_row;
	if v_row.id is null then
		return v_row;
	end if;
	if v_proof then
		update public.booking_links set used_at = now() where id = v_link and used_at is null;
	end if;
	-- The replaced booking's claim gives way to this booking's.
	if v_old_claimant is not null then
		update public.booking_claims set status = 'withdrawn', decided_at = now()
		where booking_id = replaces and status = 'pending';
	end if;
	-- A claim and its DM, for a session still ahead.
	if v_claimant is not null and initial_status = 'scheduled' and v_row.starts_at > v_now then
		insert into public.booking_claims (booking_id, member_id, basis)
		values (v_row.id, v_claimant, v_basis)
		returning id into v_claim;
		insert into public.notifications (kind, booking_id, member_id, due_at, payload)
		values ('booking_claim', v_row.id, v_claimant, v_now,
			jsonb_build_object('claim_id', v_claim, 'starts_at', v_row.starts_at));
	end if;
	return v_row;
end
$$;

-- Applies one delivery. `delivery` (built by supabase/functions/_shared/calendly/payload.ts):
--   kind: created | canceled | no_show_created | no_show_deleted | ignored | invalid; event_type; dedupe_key; now;
--   invitee_uri, event_uri, event_type_uri, event_name, starts_at, ends_at, timezone, invitee_name, invitee_email,
--   cancel_url, reschedule_url, rescheduled, old_invitee_uri, new_invitee_uri, cancel_reason, canceled_by,
--   canceler_type, canceled_at, no_show_at, event_at, token_hash, discord_user_id, discord_username, referral_code,
--   error.
-- Returns {webhook_event_id, outcome, booking_id, duplicate}.
--
-- invitee.created: a new booking with booking_confirmation (booking_moved when it replaces a booking we know),
--   staff_booking_card, reminder_24h and reminder_2h (skipped when already past; the 2 h one is due now while the
--   session is still ahead). When it replaces a booking, that booking becomes `rescheduled` and its pending
--   notifications are canceled, whichever of the reschedule's two deliveries comes first.
-- invitee.canceled: `canceled` (plus booking_canceled) or, with rescheduled, `rescheduled` (no message: the new
--   booking's booking_moved says it); pending notifications canceled; the replacement linked if it arrived first.
-- invitee_no_show.created / .deleted: `no_show` with no_show_at / back to `scheduled`.
-- Deliveries about the same invitee are serialised by an advisory lock, then a copy of a recorded delivery only
-- increments webhook_events.deliveries: any number of copies, even concurrent, have one set of effects.
-- A delivery about an invitee we never saw writes the booking in its final state with no messages, so a late
-- invitee.created for it finds it and plans nothing. Without session times (old-shaped deliveries have no
-- scheduled_event) there is nothing to write: the event is kept as `unmatched`, and a booking becomes a staff_alert.
--
-- Replaced since by 20261207152000_calendly_plans_notifications.sql (a cancellation cancels pending notifications only
-- when it changes the booking; notifications planned through plan_notification) and SECURITY DEFINER since
-- 20261207100000_tight_and_fast.sql: read the live version there.
create function public.calendly_apply_delivery(delivery jsonb, raw_body text)
	returns jsonb
	language plpgsql
	set search_path = ''
as $$
declare
	v_kind text := delivery ->> 'kind';
	v_dedupe text := delivery ->> 'dedupe_key';
	v_now timestamptz := coalesce((delivery ->> 'now')::timestamptz, now());
	v_invitee text := delivery ->> 'invitee_uri';
	v_old_uri text := delivery ->> 'old_invitee_uri';
	v_new_uri text := delivery ->> 'new_invitee_uri';
	v_has_times boolean := delivery ->> 'starts_at' is not null and delivery ->> 'ends_at' is not null;
	v_rescheduled boolean := coalesce((delivery ->> 'rescheduled')::boolean, false);
	v_event_id bigint;
	v_outcome text;
	v_error text;
	v_booking_id uuid;
	v_status text;
	v_no_show_at timestamptz;
	v_old_id uuid;
	v_old_status text;
	v_old_starts timestamptz;
	v_moved boolean;
	v_uri text;
	v_row public.bookings;
begin
	-- 1. Serialise deliveries about the same invitees, always in the same order: sorted text, the order the batch
	--    function below also takes them in. Locks this transaction already holds (a batch) are taken again at once.
	if v_invitee is null then
		perform pg_advisory_xact_lock(hashtextextended('calendly:dedupe:' || v_dedupe, 0));
	elsif v_old_uri is null and v_new_uri is null then
		perform pg_advisory_xact_lock(hashtextextended('calendly:' || v_invitee, 0));
	else
		for v_uri in
			select distinct u from unnest(array[v_invitee, v_old_uri, v_new_uri]) as u where u is not null order by u
		loop
			perform pg_advisory_xact_lock(hashtextextended('calendly:' || v_uri, 0));
		end loop;
	end if;

	-- 2. Deduplicate: a delivery already recorded only counts one more copy.
	update public.webhook_events as w
	set deliveries = w.deliveries + 1, last_received_at = now()
	where w.dedupe_key = v_dedupe
	returning w.id, w.outcome, w.booking_id into v_event_id, v_outcome, v_booking_id;
	if found then
		return jsonb_build_object('webhook_event_id', v_event_id, 'outcome', v_outcome, 'booking_id', v_booking_id,
			'duplicate', true);
	end if;

	-- 3. Effects.
	if v_kind = 'ignored' then
		v_outcome := 'ignored';

	elsif v_kind = 'invalid' then
		v_outcome := 'failed';
		v_error := delivery ->> 'error';
		v_event_id := nextval('public.webhook_events_id_seq');
		insert into public.notifications (kind, dedupe_key, due_at, payload)
		values ('staff_alert', 'calendly-failed:' || v_event_id, v_now, jsonb_build_object(
			'reason', 'calendly_delivery_unreadable', 'webhook_event_id', v_event_id, 'event_type', delivery ->> 'event_type'))
		on conflict (dedupe_key) do nothing;

	elsif v_kind = 'created' then
		if not v_has_times then
			v_outcome := 'unmatched';
			v_error := 'invitee.created without scheduled_event: the session time is unknown, kept for staff review';
			v_event_id := nextval('public.webhook_events_id_seq');
			insert into public.notifications (kind, dedupe_key, due_at, payload)
			values ('staff_alert', 'calendly-review:' || v_invitee, v_now, jsonb_build_object(
				'reason', 'calendly_booking_without_time', 'webhook_event_id', v_event_id, 'invitee_uri', v_invitee,
				'event_uri', delivery ->> 'event_uri'))
			on conflict (dedupe_key) do nothing;
		else
			if v_old_uri is not null then
				select b.id, b.status, b.starts_at into v_old_id, v_old_status, v_old_starts
				from public.bookings b
				where b.calendly_invitee_uri = v_old_uri;
			end if;
			v_row := public.calendly_insert_booking(
				delivery,
				'scheduled',
				case when v_old_id is not null
					and not exists (select 1 from public.bookings x where x.replaces_booking_id = v_old_id) then v_old_id end
			);
			if v_row.id is null then
				-- An earlier delivery about this invitee (a cancellation or no-show that came first) wrote it.
				select b.id into v_booking_id from public.bookings b where b.calendly_invitee_uri = v_invitee;
				v_outcome := 'processed';
			else
				v_booking_id := v_row.id;
				v_outcome := case when v_row.member_id is null then 'unmatched' else 'processed' end;
				v_moved := v_old_id is not null and v_old_status in ('scheduled', 'rescheduled');
				if v_old_id is not null then
					update public.bookings
					set status = case when status = 'scheduled' then 'rescheduled' else status end,
						new_invitee_uri = coalesce(new_invitee_uri, v_invitee)
					where id = v_old_id;
					update public.notifications
					set status = 'canceled', canceled_at = v_now, cancel_reason = 'rescheduled'
					where booking_id = v_old_id and status = 'pending';
				end if;
				-- A booking written just now has no notifications yet: a plain INSERT.
				insert into public.notifications (kind, booking_id, member_id, due_at, payload)
				select n.kind, v_row.id, v_row.member_id, n.due_at, jsonb_strip_nulls(n.payload)
				from (values
					(
						case when v_moved then 'booking_moved' else 'booking_confirmation' end,
						v_now,
						jsonb_build_object('starts_at', v_row.starts_at, 'previous_booking_id', v_old_id,
							'previous_starts_at', case when v_moved then v_old_starts end)
					),
					(
						'staff_booking_card',
						v_now,
						jsonb_build_object('starts_at', v_row.starts_at, 'needs_staff_review', v_row.needs_staff_review,
							'match_method', v_row.match_method, 'replaces_booking_id', v_row.replaces_booking_id)
					),
					(
						'reminder_24h',
						case when v_row.starts_at - interval '24 hours' >= v_now then v_row.starts_at - interval '24 hours' end,
						jsonb_build_object('starts_at', v_row.starts_at)
					),
					(
						'reminder_2h',
						case
							when v_row.starts_at - interval '2 hours' >= v_now then v_row.starts_at - interval '2 hours'
							when v_row.starts_at > v_now then v_now
						end,
						jsonb_build_object('starts_at', v_row.starts_at)
					)
				) as n (kind, due_at, payload)
				where n.due_at is not null;
			end if;
		end if;

	elsif v_kind = 'canceled' then
		select b.id, b.status into v_booking_id, v_status
		from public.bookings b
		where b.calendly_invitee_uri = v_invitee
		for update;
		if v_booking_id is null then
			if v_has_times then
				v_row := public.calendly_insert_booking(
					delivery, case when v_rescheduled then 'rescheduled' else 'canceled' end, null);
				v_booking_id := v_row.id;
				v_outcome := 'processed';
			else
				v_outcome := 'unmatched';
				v_error := 'cancellation of a booking never recorded, and the delivery has no session time';
			end if;
		else
			update public.bookings
			set status = case
					when v_rescheduled and status in ('scheduled', 'rescheduled', 'canceled') then 'rescheduled'
					when not v_rescheduled and status = 'scheduled' then 'canceled'
					else status
				end,
				cancel_reason = coalesce(delivery ->> 'cancel_reason', cancel_reason),
				canceled_by = coalesce(delivery ->> 'canceled_by', canceled_by),
				canceled_at = coalesce((delivery ->> 'canceled_at')::timestamptz, canceled_at, v_now),
				new_invitee_uri = coalesce(new_invitee_uri, v_new_uri)
			where id = v_booking_id;
			update public.notifications
			set status = 'canceled', canceled_at = v_now,
				cancel_reason = case when v_rescheduled then 'rescheduled' else 'booking canceled' end
			where booking_id = v_booking_id and status = 'pending';
			if not v_rescheduled and v_status = 'scheduled' then
				insert into public.notifications (kind, booking_id, member_id, due_at, payload)
				select 'booking_canceled', b.id, b.member_id, v_now, jsonb_strip_nulls(jsonb_build_object(
					'starts_at', b.starts_at, 'reason', b.cancel_reason, 'canceled_by', b.canceled_by,
					'canceler_type', delivery ->> 'canceler_type'))
				from public.bookings b
				where b.id = v_booking_id
				on conflict (booking_id, kind) do nothing;
			end if;
			v_outcome := 'processed';
		end if;
		if v_rescheduled and v_new_uri is not null and v_booking_id is not null
			and not exists (select 1 from public.bookings x where x.replaces_booking_id = v_booking_id) then
			update public.bookings
			set replaces_booking_id = v_booking_id
			where calendly_invitee_uri = v_new_uri and replaces_booking_id is null and id <> v_booking_id;
		end if;

	elsif v_kind in ('no_show_created', 'no_show_deleted') then
		select b.id, b.status, b.no_show_at into v_booking_id, v_status, v_no_show_at
		from public.bookings b
		where b.calendly_invitee_uri = v_invitee
		for update;
		if v_booking_id is null then
			if v_kind = 'no_show_created' and v_has_times then
				v_row := public.calendly_insert_booking(delivery, 'no_show', null);
				v_booking_id := v_row.id;
				v_outcome := 'processed';
			else
				v_outcome := 'unmatched';
				v_error := 'no-show change for a booking never recorded';
			end if;
		elsif v_kind = 'no_show_created' then
			update public.bookings
			set status = 'no_show', no_show_at = coalesce((delivery ->> 'no_show_at')::timestamptz, v_now)
			where id = v_booking_id and status in ('scheduled', 'completed', 'no_show');
			v_outcome := 'processed';
		else
			update public.bookings
			set status = 'scheduled', no_show_at = null
			where id = v_booking_id and status = 'no_show'
				and (no_show_at is null or no_show_at <= coalesce((delivery ->> 'event_at')::timestamptz, v_now));
			v_outcome := 'processed';
		end if;

	else
		raise exception 'calendly_apply_delivery: unknown delivery kind %', v_kind using errcode = '22023';
	end if;

	-- 4. Record the delivery with its outcome (raw body kept). Under the lock, step 2 just saw no row with this key:
	--    a plain INSERT.
	if v_event_id is null then
		insert into public.webhook_events (event_type, dedupe_key, raw_body, outcome, error, booking_id, processed_at)
		values (delivery ->> 'event_type', v_dedupe, raw_body, v_outcome, v_error, v_booking_id, now())
		returning id into v_event_id;
	else
		insert into public.webhook_events (id, event_type, dedupe_key, raw_body, outcome, error, booking_id, processed_at)
		overriding system value
		values (v_event_id, delivery ->> 'event_type', v_dedupe, raw_body, v_outcome, v_error, v_booking_id, now());
	end if;
	return jsonb_build_object('webhook_event_id', v_event_id, 'outcome', v_outcome, 'booking_id', v_booking_id,
		'duplicate', false);
end
$$;

-- Applies several deliveries in one transaction: `deliveries` is a JSON array of what calendly_apply_delivery takes,
-- raw_bodies the matching raw bodies. Returns the JSON array of their results, in order. Any error rolls back the whole
-- batch (the caller then applies the deliveries one by one, so one bad delivery only fails itself).
create function public.calendly_apply_deliveries(deliveries jsonb, raw_bodies text[])
	returns jsonb
	language plpgsql
	set search_path = ''
as $$
declare
	v_count integer := jsonb_array_length(deliveries);
	v_results jsonb[] := array[]::jsonb[];
	v_key text;
begin
	if v_count <> coalesce(cardinality(raw_bodies), 0) then
		raise exception 'calendly_apply_deliveries: % deliveries but % raw bodies', v_count, coalesce(cardinality(raw_bodies), 0)
			using errcode = '22023';
	end if;
	-- 2. Every lock the batch's deliveries take (the same keys as calendly_apply_delivery), in one global order.
	for v_key in
		select distinct k
		from jsonb_array_elements(deliveries) as d,
			unnest(case
				when d ->> 'invitee_uri' is null then array['dedupe:' || (d ->> 'dedupe_key')]
				else array[d ->> 'invitee_uri', d ->> 'old_invitee_uri', d ->> 'new_invitee_uri']
			end) as k
		where k is not null
		order by k
	loop
		perform pg_advisory_xact_lock(hashtextextended('calendly:' || v_key, 0));
	end loop;
	for i in 0 .. v_count - 1 loop
		v_results := array_append(v_results, public.calendly_apply_delivery(deliveries -> i, raw_bodies[i + 1]));
	end loop;
	return to_jsonb(v_results);
end
$$;

-- Only the table owner (the database URL) and service_role may run these; never the API roles.
revoke all on function public.calendly_insert_booking(jsonb, text, uuid) from public, anon, authenticated;
revoke all on function public.calendly_apply_delivery(jsonb, text) from public, anon, authenticated;
revoke all on function public.calendly_apply_deliveries(jsonb, text[]) from public, anon, authenticated;
grant execute on function public.calendly_insert_booking(jsonb, text, uuid) to service_role;
grant execute on function public.calendly_apply_delivery(jsonb, text) to service_role;
grant execute on function public.calendly_apply_deliveries(jsonb, text[]) to service_role;

-- ---------------------------------------------------------------------------------------------------------------------
-- Referrals and credit. Rewards and reversals are a trigger on bookings, so whichever path changes a booking (a staff
-- command, a button, a correction in Studio) earns or reverses exactly once, in the same transaction. Credit is earned
-- only for bookings linked on proof, never through a revoked code.
-- ---------------------------------------------------------------------------------------------------------------------

-- The reward: AED 50 per referred member, once, when their session is completed.
create function public.referral_reward_aed()
	returns numeric
	language sql
	immutable
	set search_path = ''
as $$ select 50.00::numeric $$;

-- The member's balance: the sum of their ledger. Locks the member row so concurrent changes queue up.
create function public.credit_balance_locked(p_member_id uuid)
	returns numeric
	language plpgsql
	set search_path = ''
as $$
begin
	perform 1 from public.members where id = p_member_id for update;
	return coalesce((select sum(amount_aed) from public.credit_ledger where member_id = p_member_id), 0);
end
$$;

create function public.bookings_referral_effects()
	returns trigger
	language plpgsql
	set search_path = ''
as $$
declare
	v_referral public.referrals%rowtype;
	v_referrer uuid;
	v_balance numeric;
	v_amount numeric;
begin
	-- Earn: the referred member's session is completed (not one refunded already), and the booking is theirs on proof.
	-- A code that came with the booking (the Calendly form) counts for a first session only, and never for a code
	-- revoked or whose owner erased their data.
	if new.status = 'completed' and old.status is distinct from 'completed' and new.member_id is not null
		and new.payment_status <> 'refunded' and new.match_method is distinct from 'discord_answer'
		and new.match_method is distinct from 'email' then
		select * into v_referral from public.referrals where referred_member_id = new.member_id for update;
		if not found and new.referral_code_id is not null and not exists (
			select 1 from public.bookings x where x.member_id = new.member_id and x.status = 'completed' and x.id <> new.id
		) then
			select rc.member_id into v_referrer from public.referral_codes rc
			join public.members m on m.id = rc.member_id and m.anonymized_at is null
			where rc.id = new.referral_code_id and rc.revoked_at is null;
			if v_referrer is not null and v_referrer <> new.member_id then
				insert into public.referrals (referral_code_id, referrer_member_id, referred_member_id, discount_percent)
				values (new.referral_code_id, v_referrer, new.member_id, 10)
				on conflict (referred_member_id) do nothing;
				select * into v_referral from public.referrals where referred_member_id = new.member_id for update;
			end if;
		end if;
		if v_referral.id is not null and v_referral.status = 'pending' and exists (
			select 1 from public.referral_codes rc where rc.id = v_referral.referral_code_id and rc.revoked_at is null
		) then
			update public.referrals set status = 'rewarded', rewarded_at = now(), booking_id = new.id where id = v_referral.id;
			insert into public.credit_ledger (member_id, entry_type, amount_aed, reason, actor, referral_id, booking_id)
			values (v_referral.referrer_member_id, 'earned', public.referral_reward_aed(),
				'Referral reward: a friend completed their first session', 'system:referral', v_referral.id, new.id)
			on conflict do nothing;
			insert into public.notifications (kind, member_id, dedupe_key, due_at, payload)
			values ('referral_credit', v_referral.referrer_member_id, 'referral-credit:' || v_referral.id, now(),
				jsonb_build_object('referral_id', v_referral.id, 'amount_aed', public.referral_reward_aed()))
			on conflict (dedupe_key) do nothing;
			perform pg_notify('fpsos_outbox', v_referral.id::text);
		end if;
	end if;

	-- Reverse: the rewarded booking turned out a no-show or was refunded. The reversal takes back what is still there
	-- (credit already redeemed stays spent, and the reason says so), so a balance never goes below zero.
	if (new.status = 'no_show' and old.status is distinct from 'no_show')
		or (new.payment_status = 'refunded' and old.payment_status is distinct from 'refunded') then
		select * into v_referral from public.referrals where booking_id = new.id and status = 'rewarded' for update;
		if found then
			update public.referrals set status = 'reversed', reversed_at = now() where id = v_referral.id;
			v_balance := public.credit_balance_locked(v_referral.referrer_member_id);
			v_amount := least(public.referral_reward_aed(), greatest(v_balance, 0));
			if v_amount > 0 then
				insert into public.credit_ledger (member_id, entry_type, amount_aed, reason, actor, referral_id, booking_id)
				values (v_referral.referrer_member_id, 'reversed', -v_amount,
					case when new.status = 'no_show' then 'Referral reversed: the friend''s session was a no-show'
						else 'Referral reversed: the friend''s booking was refunded' end
					|| case when v_amount < public.referral_reward_aed()
						then format(' (AED %s had already been redeemed)', public.referral_reward_aed() - v_amount) else '' end,
					'system:referral', v_referral.id, new.id)
				on conflict do nothing;
			end if;
		end if;
	end if;
	return new;
end
$$;

create trigger bookings_referral_effects after update of status, payment_status on public.bookings
	for each row execute function public.bookings_referral_effects();

-- Staff redeem credit against a booking: never below zero, never more than the booking still costs.
create function public.credit_redeem(
	p_member_id uuid, p_booking_id uuid, p_amount numeric, p_reason text, p_actor text,
	out r_outcome text, out r_balance numeric
)
	language plpgsql
	set search_path = ''
as $$
declare
	v_booking public.bookings%rowtype;
begin
	r_balance := public.credit_balance_locked(p_member_id);
	if p_amount is null or p_amount <= 0 or p_amount <> round(p_amount, 2) then
		r_outcome := 'invalid_amount';
		return;
	end if;
	select * into v_booking from public.bookings where id = p_booking_id for update;
	if not found or v_booking.member_id is distinct from p_member_id then
		r_outcome := 'booking_not_found';
		return;
	end if;
	if v_booking.status in ('canceled', 'rescheduled', 'no_show') or v_booking.payment_status <> 'unpaid' then
		r_outcome := 'booking_closed';
		return;
	end if;
	if p_amount > r_balance then
		r_outcome := 'insufficient';
		return;
	end if;
	if v_booking.discount_aed + v_booking.credit_applied_aed + p_amount > v_booking.price_aed then
		r_outcome := 'exceeds_price';
		return;
	end if;
	update public.bookings set credit_applied_aed = credit_applied_aed + p_amount where id = p_booking_id;
	insert into public.credit_ledger (member_id, entry_type, amount_aed, reason, actor, booking_id)
	values (p_member_id, 'redeemed', -p_amount, p_reason, p_actor, p_booking_id);
	r_balance := r_balance - p_amount;
	r_outcome := 'redeemed';
end
$$;

revoke all on function public.referral_reward_aed() from public, anon, authenticated;
revoke all on function public.credit_balance_locked(uuid) from public, anon, authenticated;
revoke all on function public.bookings_referral_effects() from public, anon, authenticated;
revoke all on function public.credit_redeem(uuid, uuid, numeric, text, text) from public, anon, authenticated;
grant execute on function public.referral_reward_aed() to service_role;
grant execute on function public.credit_balance_locked(uuid) to service_role;
grant execute on function public.credit_redeem(uuid, uuid, numeric, text, text) to service_role;

-- =====================================================================================================================
-- Supabase Realtime wakes the bot when a notification is planned (Postgres Changes on INSERT into notifications).
-- Only a wake-up: the bot claims rows from the table, and its sweep finds anything a lost message missed.
-- 20261207100000_tight_and_fast narrows it to inserts and the id. Plain PostgreSQL and PGlite have no
-- supabase_realtime publication; there the bot uses LISTEN/NOTIFY.
-- =====================================================================================================================
do $$
begin
	if exists (select 1 from pg_publication where pubname = 'supabase_realtime')
		and not exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'notifications')
	then
		alter publication supabase_realtime add table public.notifications;
	end if;
end
$$;

-- =====================================================================================================================
-- Safety nets, checked in CI by the schema lint (`fpsos db lint`, src/lib/data/schema-lint.ts): nothing in public is
-- executable by anon, authenticated or PUBLIC (which both inherit), whatever a function above forgot; and Supabase's
-- default privileges, which grant EXECUTE on every new function in public to anon and authenticated, withdrawn, so a
-- later function is callable through the API only when its migration grants it on purpose. (PUBLIC's EXECUTE is a
-- global default that a per-schema rule cannot withdraw: migrations still revoke it per function.)
-- =====================================================================================================================
revoke execute on all functions in schema public from public, anon, authenticated;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
