-- After the session: testimonial review and publication through the outbox, measured FPS from diagnostics, referral
-- rewards earned when the friend's session completes (reversed on no-show or refund), and staff redemptions of credit.
-- Rewards and reversals are triggers on bookings, so whichever path changes a booking (a staff command, a button, a
-- correction in Studio) earns or reverses exactly once, in the same transaction.

-- ---------------------------------------------------------------------------------------------------------------------
-- Outbox kinds for the testimonial review card, the public post, the referrer's credit message and the ticket a low
-- rating opens.
-- ---------------------------------------------------------------------------------------------------------------------
alter table public.notifications drop constraint notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check check (kind in (
	'booking_confirmation', 'booking_moved', 'booking_canceled', 'staff_booking_card',
	'reminder_24h', 'reminder_2h', 'session_started', 'no_show_rebook',
	'testimonial_request', 'performance_check', 'reoptimize_offer',
	'ticket_nudge', 'ticket_autoclose', 'staff_alert',
	'testimonial_review', 'testimonial_published', 'referral_credit', 'low_rating_ticket'
));
create index notifications_testimonial_idx on public.notifications ((payload ->> 'testimonial_id'))
	where kind in ('testimonial_review', 'testimonial_published', 'low_rating_ticket');

-- ---------------------------------------------------------------------------------------------------------------------
-- Diagnostics may carry a measured average FPS (`performance.avg_fps`, from a benchmark run by the tool or staff).
-- ---------------------------------------------------------------------------------------------------------------------
alter table public.diagnostics add column avg_fps integer check (avg_fps between 1 and 1000);
create index diagnostics_member_fps_idx on public.diagnostics (member_id, created_at) where avg_fps is not null;

-- A resubmitted testimonial is a new revision: the staff card is refreshed once per revision.
alter table public.testimonials add column revision integer not null default 1 check (revision >= 1);
alter table public.testimonials add column measured_fps_before integer check (measured_fps_before between 1 and 1000);
alter table public.testimonials add column measured_fps_after integer check (measured_fps_after between 1 and 1000);

-- A referral applied in Discord before booking waits as pending, without a booking yet.
create index referrals_pending_idx on public.referrals (referred_member_id) where status = 'pending';
create index credit_ledger_booking_idx on public.credit_ledger (booking_id) where booking_id is not null;

-- ---------------------------------------------------------------------------------------------------------------------
-- The reward: AED 50 per referred member, once, when their session is completed.
-- ---------------------------------------------------------------------------------------------------------------------
create or replace function public.referral_reward_aed()
returns numeric
language sql
immutable
set search_path = ''
as $$ select 50.00::numeric $$;

-- The member's balance: the sum of their ledger. Locks the member row so concurrent changes queue up.
create or replace function public.credit_balance_locked(p_member_id uuid)
returns numeric
language plpgsql
set search_path = ''
as $$
begin
	perform 1 from public.members where id = p_member_id for update;
	return coalesce((select sum(amount_aed) from public.credit_ledger where member_id = p_member_id), 0);
end
$$;

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
	-- Earn: the referred member's session is completed (not one refunded already). A code that came with the booking
	-- (the Calendly form) counts for a first session only, and never for a code whose owner erased their data.
	if new.status = 'completed' and old.status is distinct from 'completed' and new.member_id is not null
		and new.payment_status <> 'refunded' then
		select * into v_referral from public.referrals where referred_member_id = new.member_id for update;
		if not found and new.referral_code_id is not null and not exists (
			select 1 from public.bookings x where x.member_id = new.member_id and x.status = 'completed' and x.id <> new.id
		) then
			select rc.member_id into v_referrer from public.referral_codes rc
			join public.members m on m.id = rc.member_id and m.anonymized_at is null
			where rc.id = new.referral_code_id;
			if v_referrer is not null and v_referrer <> new.member_id then
				insert into public.referrals (referral_code_id, referrer_member_id, referred_member_id, discount_percent)
				values (new.referral_code_id, v_referrer, new.member_id, 10)
				on conflict (referred_member_id) do nothing;
				select * into v_referral from public.referrals where referred_member_id = new.member_id for update;
			end if;
		end if;
		if v_referral.id is not null and v_referral.status = 'pending' then
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
		elsif new.status = 'no_show' and new.member_id is not null then
			-- Not rewarded yet: the friend's referral stays pending for a session they do attend.
			null;
		end if;
	end if;
	return new;
end
$$;

create trigger bookings_referral_effects after update of status, payment_status on public.bookings
	for each row execute function public.bookings_referral_effects();

-- ---------------------------------------------------------------------------------------------------------------------
-- Staff redeem credit against a booking: never below zero, never more than the booking still costs.
-- ---------------------------------------------------------------------------------------------------------------------
create or replace function public.credit_redeem(
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
