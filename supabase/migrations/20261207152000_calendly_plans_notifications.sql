-- =====================================================================================================================
-- The Calendly webhook's functions, each defined here only, as it runs, with its grants: calendly_insert_booking,
-- calendly_apply_delivery and calendly_apply_deliveries, the write side of the calendly-webhook Edge Function and of
-- the bot's /webhooks/calendly (supabase/functions/_shared/calendly; both use store.ts).
--
-- They came with the migrations of 2026-11-24. The baseline (20261124010000_baseline.sql) leaves them to this file,
-- whose CREATE OR REPLACE replaces the earlier versions a database migrated before it has, keeping their owner and
-- grants (the grants at the end give a fresh database the same). Two changes of this release:
--
-- 1. They plan their notifications through public.plan_notification (20261207151000), like every other writer: the
--    booking's confirmation (or move), staff card, reminders, claim DM, cancellation message and the staff alerts about
--    unreadable deliveries. `p_wake => false`: the webhook handler wakes the bot itself once the delivery is
--    committed, with the booking's id (supabase/functions/_shared/calendly/store.ts).
--
-- 2. A cancellation is applied once per invitee (issue #17, item 3). Deliveries are deduplicated by their key (event,
--    invitee, the envelope's created_at), and their effects once per invitee: a booking is written once. One effect
--    was not: a second invitee.canceled for a booking already canceled canceled its pending notifications again, the
--    booking_canceled message the first one planned included. Calendly's own retries share a key, but `fpsos calendly
--    recover` (src/lib/integrations/calendly/recover.ts) applies what Calendly never delivered with the time of the
--    change as created_at, and when Calendly's delivery of the same cancellation arrives later its key differs: the
--    member's cancellation message was lost if not sent yet. Now pending notifications are canceled only by the
--    cancellation that changes the booking (scheduled -> canceled or rescheduled, canceled -> rescheduled), which is
--    also when the status changes.
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
-- =====================================================================================================================

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
		perform public.plan_notification('booking_claim', v_now, v_row.id, v_claimant,
			p_payload => jsonb_build_object('claim_id', v_claim, 'starts_at', v_row.starts_at), p_wake => false);
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
--   booking's booking_moved says it); its pending notifications canceled when the status changes (2. above); the
--   replacement linked if it arrived first.
-- invitee_no_show.created / .deleted: `no_show` with no_show_at / back to `scheduled`.
-- Deliveries about the same invitee are serialised by an advisory lock, then a copy of a recorded delivery only
-- increments webhook_events.deliveries: any number of copies, even concurrent, have one set of effects.
-- A delivery about an invitee we never saw writes the booking in its final state with no messages, so a late
-- invitee.created for it finds it and plans nothing. Without session times (old-shaped deliveries have no
-- scheduled_event) there is nothing to write: the event is kept as `unmatched`, and a booking becomes a staff_alert.
create or replace function public.calendly_apply_delivery(delivery jsonb, raw_body text)
	returns jsonb
	language plpgsql
	security definer
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
		perform public.plan_notification('staff_alert', v_now, p_dedupe_key => 'calendly-failed:' || v_event_id,
			p_payload => jsonb_build_object(
				'reason', 'calendly_delivery_unreadable', 'webhook_event_id', v_event_id, 'event_type', delivery ->> 'event_type'),
			p_wake => false);

	elsif v_kind = 'created' then
		if not v_has_times then
			v_outcome := 'unmatched';
			v_error := 'invitee.created without scheduled_event: the session time is unknown, kept for staff review';
			v_event_id := nextval('public.webhook_events_id_seq');
			perform public.plan_notification('staff_alert', v_now, p_dedupe_key => 'calendly-review:' || v_invitee,
				p_payload => jsonb_build_object(
					'reason', 'calendly_booking_without_time', 'webhook_event_id', v_event_id, 'invitee_uri', v_invitee,
					'event_uri', delivery ->> 'event_uri'),
				p_wake => false);
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
				-- A booking written just now has no notifications yet: each is planned.
				perform public.plan_notification(n.kind, n.due_at, v_row.id, v_row.member_id,
					p_payload => jsonb_strip_nulls(n.payload), p_wake => false)
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
			where booking_id = v_booking_id and status = 'pending'
				-- Only when this cancellation changes the booking: a second one (another key for the same invitee: a
				-- recovery, then Calendly's own delivery) must not cancel the booking_canceled message the first planned.
				and (v_status = 'scheduled' or (v_rescheduled and v_status = 'canceled'));
			if not v_rescheduled and v_status = 'scheduled' then
				perform public.plan_notification('booking_canceled', v_now, b.id, b.member_id,
					p_payload => jsonb_strip_nulls(jsonb_build_object(
						'starts_at', b.starts_at, 'reason', b.cancel_reason, 'canceled_by', b.canceled_by,
						'canceler_type', delivery ->> 'canceler_type')),
					p_wake => false)
				from public.bookings b
				where b.id = v_booking_id;
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
create or replace function public.calendly_apply_deliveries(deliveries jsonb, raw_bodies text[])
	returns jsonb
	language plpgsql
	security definer
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

-- Only the table owner (the database URL) and service_role may run them, never the API roles; the two entry points
-- run with their owner's rights (SECURITY DEFINER, search_path fixed to '') for fpsos_webhook, the Edge Function's
-- role (20261207100000_tight_and_fast), which may execute them and nothing else.
revoke all on function public.calendly_insert_booking(jsonb, text, uuid) from public, anon, authenticated;
revoke all on function public.calendly_apply_delivery(jsonb, text) from public, anon, authenticated;
revoke all on function public.calendly_apply_deliveries(jsonb, text[]) from public, anon, authenticated;
grant execute on function public.calendly_insert_booking(jsonb, text, uuid) to service_role;
grant execute on function public.calendly_apply_delivery(jsonb, text) to service_role, fpsos_webhook;
grant execute on function public.calendly_apply_deliveries(jsonb, text[]) to service_role, fpsos_webhook;
