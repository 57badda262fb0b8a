-- =====================================================================================================================
-- Bookings are linked to members only on proof (issue #14, item 2).
--
-- Proof that a Calendly booking is a member's: their personal link's token, spent once and within 14 days, or staff
-- linking it (/booking link), or the member confirming a claim. A Discord id or username typed into the Calendly form,
-- an e-mail address seen on an earlier booking, a second use of a token or an expired one prove nothing: anyone can
-- type them. Until now such a match linked the booking outright, so a stranger who typed a member's id had their
-- booking (cancel and reschedule links, name, e-mail) sent to that member and exported with that member's data, and
-- someone who once booked with another person's e-mail captured that person's later bookings and referral credit.
--
-- Now such a match becomes a claim (public.booking_claims): the booking is kept without a member (needs staff review,
-- so no member-facing message carries its links or the booker's data), and the member is asked by DM whether it is
-- theirs (outbox kind `booking_claim`, showing only the time and the name typed into the form). Yes links it
-- (match_method 'claim'); No leaves it to staff. Referral credit is earned only for bookings linked on proof.
--
-- The functions keep their signatures, so their grants stay. Only calendly_insert_booking changes among the webhook's
-- functions; calendly_apply_delivery and calendly_apply_deliveries are unchanged.
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Claims: one per booking, naming the member an unproven match pointed at. `basis` says what pointed there.
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
create index booking_claims_member_idx on public.booking_claims (member_id);

alter table public.booking_claims enable row level security;
revoke all on table public.booking_claims from anon, authenticated;
grant select, insert, update, delete on table public.booking_claims to service_role;

-- A booking a member confirmed is linked by 'claim'. 'discord_answer' and 'email' stay valid for rows written before
-- this migration (they were never proof, and earn no referral credit).
alter table public.bookings drop constraint bookings_match_method_check;
alter table public.bookings add constraint bookings_match_method_check
	check (match_method in ('link_token', 'discord_answer', 'email', 'staff', 'claim'));

-- The claim DM.
alter table public.notifications drop constraint notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check check (kind in (
	'booking_confirmation', 'booking_moved', 'booking_canceled', 'staff_booking_card',
	'reminder_24h', 'reminder_2h', 'session_started', 'no_show_rebook',
	'testimonial_request', 'performance_check', 'reoptimize_offer',
	'ticket_nudge', 'ticket_autoclose', 'staff_alert',
	'testimonial_review', 'testimonial_published', 'referral_credit', 'low_rating_ticket',
	'booking_claim'
));

-- Personal links are proof for 14 days (existing links keep the expiry they were given).
alter table public.booking_links alter column expires_at set default now() + interval '14 days';

-- A referral code stops giving discounts and earning credit once revoked (its owner erased their data).
alter table public.referral_codes add column revoked_at timestamptz;

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
--      gets a claim and the claim DM; the replaced booking's claim is withdrawn.
-- Package and price as before: event type, else event name, else the link's package, else the replaced booking's.
-- Referral (10% off): the link's code, else a code answered in the form, else the replaced booking's; never a revoked
-- code, never the member's (or the claimant's) own.
-- ---------------------------------------------------------------------------------------------------------------------
create or replace function public.calendly_insert_booking(delivery jsonb, initial_status text, replaces uuid)
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

-- ---------------------------------------------------------------------------------------------------------------------
-- Referral rewards: as in 20261124005000_referrals_and_credit.sql, plus credit only on proof (never for a booking
-- whose member came from an unproven match written before this migration) and never through a revoked code.
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

revoke all on function public.bookings_referral_effects() from public, anon, authenticated;
