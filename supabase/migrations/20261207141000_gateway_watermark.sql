-- =====================================================================================================================
-- Members who joined while the bot was away are still welcomed once (issue 13).
--
-- Discord replays missed events only when a session is resumed. When the bot was offline, or Discord invalidated its
-- session, the joins in between are never sent; at each new session the bot lists the server's members and welcomes
-- those who joined after the last moment it was known to be connected (src/bot/features/welcome/missed-joins.flow.ts).
--
-- 1. gateway_watermark, one row: seen_at is that moment, moved forward every minute while a session is up and after
--    each reconciliation (never backwards, whichever process writes); first_seen_at is the bot's first-ever connection,
--    never moved: members who joined before it are not new members, whatever the reconciliation's margin reaches.
--    No row: the bot never connected.
-- 2. Indexes for the two questions the reconciliation asks the members table: the latest erasure (a join before it
--    may be an erased member's, who must not come back), and the members who joined pending rules screening and were
--    not welcomed yet (they may have passed it while the bot was away).
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- 1. The watermark.
-- ---------------------------------------------------------------------------------------------------------------------
create table public.gateway_watermark (
	id boolean primary key default true check (id),
	first_seen_at timestamptz not null,
	seen_at timestamptz not null,
	updated_at timestamptz not null default now(),
	constraint gateway_watermark_ordered check (seen_at >= first_seen_at)
);

alter table public.gateway_watermark enable row level security;
revoke all on table public.gateway_watermark from anon, authenticated;
grant select, insert, update on table public.gateway_watermark to service_role;

-- ---------------------------------------------------------------------------------------------------------------------
-- 2. Indexes on members for the reconciliation.
-- ---------------------------------------------------------------------------------------------------------------------
create index members_anonymized_at_idx on public.members (anonymized_at) where anonymized_at is not null;
create index members_awaiting_screening_idx on public.members (discord_user_id)
	where joined_at is not null and screening_passed_at is null and welcomed_at is null and discord_user_id is not null;
