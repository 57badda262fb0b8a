-- Frame-time captures (PresentMon, OCAT, CapFrameX CSV) a member uploads: the reading the bot computed and the run
-- itself, cut to at most 600 points for the before/after chart. The file is not kept.
-- phase: 'before' (a baseline, tied to the member's next session when there is one), 'after' (the first capture
-- after a completed session, within 30 days; it gets the report card).
create table public.captures (
	id uuid primary key default gen_random_uuid(),
	member_id uuid not null references public.members (id) on delete cascade,
	booking_id uuid references public.bookings (id) on delete set null,
	phase text not null check (phase in ('before', 'after')),
	source text not null check (source in ('dm_attachment', 'slash_upload')),
	format text not null check (format in ('presentmon-2', 'presentmon-2-v2-metrics', 'presentmon-1', 'ocat', 'capframex')),
	application text not null check (char_length(application) <= 260),
	frames integer not null check (frames > 0),
	duration_s numeric(10, 3) not null check (duration_s > 0),
	avg_fps numeric(7, 1) not null check (avg_fps > 0),
	p1_fps numeric(7, 1) not null check (p1_fps > 0),
	p01_fps numeric(7, 1) not null check (p01_fps > 0),
	stutters integer not null check (stutters >= 0),
	chart_ms real[] not null check (cardinality(chart_ms) between 1 and 600),
	-- Claimed before the card is posted to the booking's staff thread, so staff see it once.
	staff_card_posted_at timestamptz,
	created_at timestamptz not null default now()
);
create index captures_member_created_idx on public.captures (member_id, created_at desc);
create index captures_booking_idx on public.captures (booking_id);
-- One report card per session: the first capture after it.
create unique index captures_one_after_per_booking on public.captures (booking_id) where phase = 'after';

alter table public.captures enable row level security;
revoke all on table public.captures from anon, authenticated;
grant select, insert, update, delete on table public.captures to service_role;
