-- =====================================================================================================================
-- FPSOS Bot: the baseline schema for the whole funnel (join -> diagnostic -> booking -> session -> follow-ups ->
-- support), as the ten migrations of 2026-11-24 left it. Later migrations (20261207...) build on this file.
--
-- Read it top to bottom: tables, indexes, row-level security and grants, the seeded catalogue, then the functions and
-- triggers grouped by feature; the Realtime publication and the safety nets for grants come last. A function a later
-- migration changed is not here but only in that migration, as it runs (each function is created in one file,
-- tests/db/migration-functions.test.ts): the Calendly webhook's three in 20261207152000_calendly_plans_notifications,
-- the referral trigger bookings_referral_effects in 20261207151000_plan_notification; so are a trigger (credit_ledger's
-- credit_ledger_append_only: 20261207110000_erasure_and_retention) and a constraint (notifications_kind_check:
-- 20261207150000_notification_kind_registry). A database that applied this file before they left it (or the ten
-- below) has their earlier versions until those migrations replace them.
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
-- bring it up to 20261124010000 first (src/lib/data/migrations.ts). tests/db/migration-baseline.test.ts proves, from
-- the old files in git history, that this file builds what the ten built but for the functions it leaves to later
-- migrations, and that every history that landed ends, migrated, with the schema the tree builds.
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
	-- One of the registry's kinds (src/lib/outbox/kinds.ts): the CHECK notifications_kind_check, which lists them, is
	-- in 20261207150000_notification_kind_registry.sql.
	kind text not null,
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
-- credit_ledger's guards run forbid_change on TRUNCATE (credit_ledger_no_truncate, 20261207100000_tight_and_fast) and
-- credit_ledger_guard on UPDATE and DELETE (credit_ledger_append_only, 20261207110000_erasure_and_retention).

-- ---------------------------------------------------------------------------------------------------------------------
-- The Calendly webhook's functions (calendly_insert_booking, calendly_apply_delivery, calendly_apply_deliveries) are
-- defined, as they run, in 20261207152000_calendly_plans_notifications.sql.
-- ---------------------------------------------------------------------------------------------------------------------

-- ---------------------------------------------------------------------------------------------------------------------
-- Referrals and credit. Rewards and reversals are a trigger on bookings, so whichever path changes a booking (a staff
-- command, a button, a correction in Studio) earns or reverses exactly once, in the same transaction. Credit is earned
-- only for bookings linked on proof, never through a revoked code. The trigger, bookings_referral_effects, is defined
-- in 20261207151000_plan_notification.sql, as it runs; the helpers it and credit_redeem share are here.
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
