-- =====================================================================================================================
-- One way into the outbox. public.plan_notification writes one notifications row (its kind must be one of the
-- registry's, src/lib/outbox/kinds.ts, which the CHECK enforces) unless a row with the same booking and kind or the
-- same dedupe key exists, and wakes the bot: NOTIFY on the outbox's channel with the new row's id, delivered at commit.
-- It is the only place in SQL that names the channel (src/lib/outbox/channel.ts names it for the bot's LISTEN).
-- Every writer plans through it: the bot's statements (src/lib/data), the SQL functions below and the Calendly
-- functions (20261207152000). `p_wake => false` leaves the wake-up to a caller that sends its own after commit.
-- Returns the new row's id, or null when the row already existed.
-- =====================================================================================================================
create function public.plan_notification(
	p_kind text,
	p_due_at timestamptz default now(),
	p_booking_id uuid default null,
	p_member_id uuid default null,
	p_ticket_id uuid default null,
	p_dedupe_key text default null,
	p_payload jsonb default '{}'::jsonb,
	p_wake boolean default true
)
	returns uuid
	language plpgsql
	set search_path = ''
as $$
declare
	v_id uuid;
begin
	insert into public.notifications (kind, due_at, booking_id, member_id, ticket_id, dedupe_key, payload)
	values (p_kind, coalesce(p_due_at, now()), p_booking_id, p_member_id, p_ticket_id, p_dedupe_key, coalesce(p_payload, '{}'::jsonb))
	on conflict do nothing
	returning id into v_id;
	if v_id is not null and p_wake then
		perform pg_notify('fpsos_outbox', v_id::text);
	end if;
	return v_id;
end
$$;

revoke all on function public.plan_notification(text, timestamptz, uuid, uuid, uuid, text, jsonb, boolean) from public, anon, authenticated;
grant execute on function public.plan_notification(text, timestamptz, uuid, uuid, uuid, text, jsonb, boolean) to service_role;

-- ---------------------------------------------------------------------------------------------------------------------
-- The referral trigger on bookings: a referred member's completed session earns the referrer's reward and its credit
-- DM (planned through plan_notification), a no-show or refund reverses it (the rules: the referrals section of
-- 20261124010000_baseline.sql, which leaves the trigger to this file). CREATE OR REPLACE: a database migrated before
-- this file has the earlier version, which wrote the DM itself.
-- ---------------------------------------------------------------------------------------------------------------------
create or replace function public.bookings_referral_effects()
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
			perform public.plan_notification('referral_credit', now(), p_member_id => v_referral.referrer_member_id,
				p_dedupe_key => 'referral-credit:' || v_referral.id,
				p_payload => jsonb_build_object('referral_id', v_referral.id, 'amount_aed', public.referral_reward_aed()));
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

revoke all on function public.bookings_referral_effects() from public, anon, authenticated;
create or replace trigger bookings_referral_effects after update of status, payment_status on public.bookings
	for each row execute function public.bookings_referral_effects();

-- ---------------------------------------------------------------------------------------------------------------------
-- The hourly staff alert of refused Calendly signatures (counted in calendly_signature_failures, created in
-- 20261207131700_calendly_signature_failures): one refusal is counted, and the hour's alert planned once. `p_at` is
-- the handler's clock (the one it checked the signature's timestamp against). Returns {failures, alerted}: alerted
-- is true for the refusal that planned it. The Edge Function's role may run it, and nothing else here. CREATE OR
-- REPLACE: a database migrated before this file, with 20261207131700 as it first was, has the version that wrote the
-- alert itself.
-- ---------------------------------------------------------------------------------------------------------------------
create or replace function public.calendly_signature_mismatch(p_at timestamptz)
	returns jsonb
	language plpgsql
	security definer
	set search_path = ''
as $$
declare
	v_at timestamptz := coalesce(p_at, now());
	v_window timestamptz := date_trunc('hour', coalesce(p_at, now()), 'UTC');
	v_failures integer;
	v_first timestamptz;
	v_key text;
	v_alerted boolean;
begin
	insert into public.calendly_signature_failures as f (window_start, failures, first_at, last_at)
	values (v_window, 1, v_at, v_at)
	on conflict (window_start) do update
		set failures = f.failures + 1, first_at = least(f.first_at, excluded.first_at), last_at = greatest(f.last_at, excluded.last_at)
	returning f.failures, f.first_at into v_failures, v_first;

	v_key := 'calendly-signature:' || to_char(v_window at time zone 'UTC', 'YYYY-MM-DD"T"HH24"Z"');
	v_alerted := public.plan_notification('staff_alert', now(), p_dedupe_key => v_key, p_payload => jsonb_build_object(
		'reason', 'calendly_signature_failing',
		'since', to_char(v_first at time zone 'UTC', 'YYYY-MM-DD HH24:MI'),
		'window', to_char(v_window at time zone 'UTC', 'YYYY-MM-DD HH24:00'))) is not null;
	return jsonb_build_object('failures', v_failures, 'alerted', v_alerted);
end
$$;

revoke all on function public.calendly_signature_mismatch(timestamptz) from public, anon, authenticated;
grant execute on function public.calendly_signature_mismatch(timestamptz) to service_role, fpsos_webhook;
