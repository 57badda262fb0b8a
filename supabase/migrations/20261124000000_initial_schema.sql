-- =====================================================================================================================
-- FPSOS Bot: the schema for the whole funnel (join -> diagnostic -> booking -> session -> follow-ups -> support).
--
-- Conventions: times are timestamptz, money is numeric(10,2) in AED with the currency in the column name, ids are
-- uuid (bigint identity for append-only logs). Every table has row-level security enabled and NO policy for `anon`
-- or `authenticated`: those roles read and write nothing. The bot and the Edge Function connect with the database
-- URL (the table owner) or as `service_role`, which bypass RLS; `service_role` gets explicit grants below.
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Helpers
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
	constraint members_identity_or_anonymized check ((discord_user_id is null) = (anonymized_at is not null))
);
create index members_created_at_idx on public.members (created_at);
create index members_dm_closed_idx on public.members (dm_status_at) where dm_status = 'closed';
create trigger members_set_updated_at before update on public.members
	for each row execute function public.set_updated_at();

-- ---------------------------------------------------------------------------------------------------------------------
-- Packages: the catalogue, editable by the owner in Studio. Prices in AED.
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
create trigger packages_set_updated_at before update on public.packages
	for each row execute function public.set_updated_at();

insert into public.packages (code, name, description, price_aed, duration_minutes, recommendable, sort_order) values
	('quick', 'Quick Fix', 'The essentials for a smoother game: power, Windows and driver settings.', 199.00, 60, true, 1),
	('full', 'Full Tune-Up', 'A complete pass over Windows, drivers, memory, display and network for CS2.', 399.00, 120, true, 2),
	('extreme', 'Extreme BIOSPRIME', 'Everything in the Full Tune-Up plus BIOS, memory timing and latency work.', 699.00, 180, true, 3),
	('reoptimize', 'Re-optimisation', 'A return visit for past customers: re-apply and refresh the tune.', 99.00, 60, false, 4)
on conflict (code) do nothing;

-- ---------------------------------------------------------------------------------------------------------------------
-- Diagnostics: what the PowerShell tool collected (raw file kept) and what the analyzer concluded.
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
	created_at timestamptz not null default now()
);
create index diagnostics_member_created_idx on public.diagnostics (member_id, created_at desc);
create index diagnostics_created_at_idx on public.diagnostics (created_at);

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
create index quick_assessments_member_created_idx on public.quick_assessments (member_id, created_at desc);
create index quick_assessments_created_at_idx on public.quick_assessments (created_at);

-- ---------------------------------------------------------------------------------------------------------------------
-- Referral codes (one per member) and referrals (one reward per referred member, never self).
-- ---------------------------------------------------------------------------------------------------------------------
create table public.referral_codes (
	id uuid primary key default gen_random_uuid(),
	member_id uuid not null unique references public.members (id) on delete cascade,
	code text not null unique check (code ~ '^[A-HJ-NP-Z2-9]{4,12}$'),
	created_at timestamptz not null default now()
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Personal booking links: an unguessable token (only its SHA-256 is stored) bound to the member and what led there.
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
	expires_at timestamptz not null default now() + interval '30 days',
	used_at timestamptz
);
create index booking_links_member_created_idx on public.booking_links (member_id, created_at desc);

-- ---------------------------------------------------------------------------------------------------------------------
-- Bookings: one row per Calendly invitee. A reschedule cancels the old invitee and creates a new one; the new row
-- points at the one it replaced. Prices are our own records (Calendly cannot charge in AED).
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
	match_method text check (match_method in ('link_token', 'discord_answer', 'email', 'staff')),
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
	constraint bookings_ends_after_start check (ends_at >= starts_at),
	constraint bookings_discount_within_price check (discount_aed + credit_applied_aed <= price_aed)
);
create index bookings_member_starts_idx on public.bookings (member_id, starts_at desc);
create index bookings_starts_at_idx on public.bookings (starts_at);
create index bookings_created_at_idx on public.bookings (created_at);
create index bookings_status_starts_idx on public.bookings (status, starts_at);
create index bookings_needs_review_idx on public.bookings (created_at) where needs_staff_review;
create index bookings_old_invitee_idx on public.bookings (old_invitee_uri) where old_invitee_uri is not null;
create index bookings_new_invitee_idx on public.bookings (new_invitee_uri) where new_invitee_uri is not null;
create trigger bookings_set_updated_at before update on public.bookings
	for each row execute function public.set_updated_at();

alter table public.diagnostics
	add constraint diagnostics_booking_id_fkey foreign key (booking_id) references public.bookings (id) on delete set null;

-- ---------------------------------------------------------------------------------------------------------------------
-- Webhook events: every delivery we accepted, raw body kept, deduplicated by a key derived from the payload.
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
create index webhook_events_received_at_idx on public.webhook_events (received_at);

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
		'ticket_nudge', 'ticket_autoclose', 'staff_alert'
	)),
	booking_id uuid references public.bookings (id) on delete cascade,
	member_id uuid references public.members (id) on delete cascade,
	ticket_id uuid,
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
create index notifications_due_idx on public.notifications (due_at) where status = 'pending';
create index notifications_member_idx on public.notifications (member_id);
create index notifications_failed_idx on public.notifications (last_attempt_at) where status = 'failed';
create trigger notifications_set_updated_at before update on public.notifications
	for each row execute function public.set_updated_at();

-- ---------------------------------------------------------------------------------------------------------------------
-- Testimonials: one per booking, pending until staff approve.
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
	updated_at timestamptz not null default now()
);
create index testimonials_member_idx on public.testimonials (member_id);
create index testimonials_created_at_idx on public.testimonials (created_at);
create index testimonials_pending_idx on public.testimonials (created_at) where status = 'pending';
create trigger testimonials_set_updated_at before update on public.testimonials
	for each row execute function public.set_updated_at();

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
create index referrals_code_idx on public.referrals (referral_code_id);
create index referrals_referrer_idx on public.referrals (referrer_member_id);

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
create unique index credit_ledger_once_per_referral on public.credit_ledger (referral_id, entry_type)
	where referral_id is not null;
create index credit_ledger_member_idx on public.credit_ledger (member_id, created_at);
create trigger credit_ledger_append_only before update or delete on public.credit_ledger
	for each row execute function public.forbid_change();

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
create unique index support_tickets_one_open_per_member on public.support_tickets (member_id) where status = 'open';
create index support_tickets_open_activity_idx on public.support_tickets (last_activity_at) where status = 'open';
create index support_tickets_created_at_idx on public.support_tickets (created_at);
create trigger support_tickets_set_updated_at before update on public.support_tickets
	for each row execute function public.set_updated_at();

alter table public.notifications
	add constraint notifications_ticket_id_fkey foreign key (ticket_id) references public.support_tickets (id) on delete cascade;

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
create index ticket_messages_ticket_created_idx on public.ticket_messages (ticket_id, created_at);

-- ---------------------------------------------------------------------------------------------------------------------
-- Row-level security and grants: enabled on every table; anon/authenticated get nothing (Supabase's default
-- privileges grant them everything on new tables, so revoke explicitly); service_role gets what the bot needs.
-- ---------------------------------------------------------------------------------------------------------------------
do $$
declare
	t text;
begin
	foreach t in array array[
		'members', 'packages', 'diagnostics', 'quick_assessments', 'referral_codes', 'booking_links', 'bookings',
		'webhook_events', 'notifications', 'testimonials', 'referrals', 'credit_ledger', 'support_tickets',
		'ticket_messages'
	] loop
		execute format('alter table public.%I enable row level security', t);
		execute format('revoke all on table public.%I from anon, authenticated', t);
		execute format('grant select, insert, update, delete on table public.%I to service_role', t);
	end loop;
end
$$;

revoke all on all sequences in schema public from anon, authenticated;
grant usage, select on all sequences in schema public to service_role;
