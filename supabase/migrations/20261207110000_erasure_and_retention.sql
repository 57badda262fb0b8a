-- =====================================================================================================================
-- `/mydata delete` erases everything, and raw webhook bodies are kept only as long as needed (issue #14, item 3).
--
-- The erasure itself is one transaction in src/lib/data/member-data.ts (eraseMemberData). It now also reaches the raw
-- bodies of deliveries that never became the member's booking but carry their Discord id, username or e-mail, staff
-- alerts about them, invitee URIs, free text in credit-ledger reasons, their referral code (revoked: it stops giving
-- discounts) and claims naming them. This migration gives it what the schema lacked:
--
-- 1. webhook_events.scrubbed_at: when the raw body was replaced (erasure, or the retention job). The bot's scheduled
--    job (src/bot/features/calendly/webhook-retention.flow.ts) scrubs bodies older than CALENDLY_RAW_BODY_RETENTION_DAYS (default 30)
--    through the partial index below, which holds only rows still carrying a body, so each run reads only what it
--    changes. One more index entry per delivery written (the bench's cost of an index is about 1%).
-- 2. credit_ledger stays append-only, except that a reason may be replaced by '(erased)' and nothing else changes.
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- 1. Raw bodies: when they were scrubbed.
-- ---------------------------------------------------------------------------------------------------------------------
alter table public.webhook_events add column scrubbed_at timestamptz;
create index webhook_events_unscrubbed_idx on public.webhook_events (received_at) where scrubbed_at is null;

-- ---------------------------------------------------------------------------------------------------------------------
-- 2. The ledger: append-only, but an erased member's free text can go. An UPDATE passes only when it changes the
--    reason to '(erased)' and every other column stays as it was; DELETE is still refused.
-- ---------------------------------------------------------------------------------------------------------------------
create function public.credit_ledger_guard() returns trigger
	language plpgsql
	set search_path = ''
as $$
begin
	if tg_op = 'UPDATE' and new.reason = '(erased)'
		and (new.id, new.member_id, new.entry_type, new.amount_aed, new.actor, new.referral_id, new.booking_id, new.created_at)
			is not distinct from (old.id, old.member_id, old.entry_type, old.amount_aed, old.actor, old.referral_id, old.booking_id, old.created_at)
	then
		return new;
	end if;
	raise exception '% is append-only: % is not allowed (only a reason may be erased)', tg_table_name, tg_op using errcode = 'P0001';
end
$$;
revoke all on function public.credit_ledger_guard() from public, anon, authenticated;

-- CREATE OR REPLACE: a database migrated before this file has the trigger running public.forbid_change.
create or replace trigger credit_ledger_append_only before update or delete on public.credit_ledger
	for each row execute function public.credit_ledger_guard();
