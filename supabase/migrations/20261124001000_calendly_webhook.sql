-- =====================================================================================================================
-- Calendly webhook: the write side of the calendly-webhook Edge Function and of the bot's local /webhooks/calendly.
--
-- One verified delivery = one call of public.calendly_apply_delivery(delivery, raw_body): a single statement, so a
-- single transaction in which the webhook_events row (deduplicated), the booking and its outbox rows commit together
-- or not at all. The caller (supabase/functions/_shared/calendly) verifies the signature, parses the payload and
-- passes normalised fields as jsonb; matching and writing happen here, next to the data, in one round trip.
--
-- The wake-up (NOTIFY fpsos_outbox) is sent by the caller right after this commits, in a transaction of its own:
-- PostgreSQL serialises the commits of all NOTIFYing transactions cluster-wide (PreCommit_Notify takes a global lock
-- and holds it through the WAL flush), which would cap deliveries at one per fsync. The rows are durable before the
-- wake-up goes out, and the bot's periodic sweep claims anything a lost wake-up missed.
-- =====================================================================================================================

-- ---------------------------------------------------------------------------------------------------------------------
-- Indexes for the matching fallbacks (a Discord username answer, then a previous booking with the same e-mail).
-- ---------------------------------------------------------------------------------------------------------------------
create index members_username_lower_idx on public.members (lower(username)) where username is not null;
create index bookings_invitee_email_lower_idx on public.bookings (lower(invitee_email), created_at desc)
	where member_id is not null;

-- ---------------------------------------------------------------------------------------------------------------------
-- Who booked, what, and at which price. Reads only. Member: the personal link's token, else a Discord answer (id,
-- mention or a username held by exactly one member), else the booking this one replaces, else the latest booking
-- with the same e-mail that has a member. Package: the event type, else the event name, else the link's package,
-- else the replaced booking's. Referral (10% off): the link's code, else a code answered in the form, else the
-- replaced booking's; never the member's own code.
-- ---------------------------------------------------------------------------------------------------------------------
create function public.calendly_resolve_booking(
	delivery jsonb,
	replaced_booking_id uuid,
	out r_member_id uuid,
	out r_match_method text,
	out r_booking_link_id uuid,
	out r_package_code text,
	out r_price_aed numeric,
	out r_referral_code_id uuid,
	out r_discount_aed numeric,
	out r_needs_staff_review boolean
)
	language plpgsql
	stable
	set search_path = ''
as $$
declare
	v_link_member uuid;
	v_link_package text;
	v_link_referral uuid;
	v_old_member uuid;
	v_old_method text;
	v_old_package text;
	v_old_referral uuid;
	v_ids uuid[];
	v_email text := nullif(lower(delivery ->> 'invitee_email'), '');
begin
	if replaced_booking_id is not null then
		select b.member_id, b.match_method, b.package_code, b.referral_code_id
		into v_old_member, v_old_method, v_old_package, v_old_referral
		from public.bookings b
		where b.id = replaced_booking_id;
	end if;

	-- Member
	if delivery ->> 'token_hash' is not null then
		select l.id, l.member_id, l.package_code, l.referral_code_id
		into r_booking_link_id, v_link_member, v_link_package, v_link_referral
		from public.booking_links l
		where l.token_hash = delivery ->> 'token_hash';
		if v_link_member is not null then
			r_member_id := v_link_member;
			r_match_method := 'link_token';
		end if;
	end if;
	if r_member_id is null and delivery ->> 'discord_user_id' is not null then
		select m.id into r_member_id from public.members m where m.discord_user_id = delivery ->> 'discord_user_id';
		if r_member_id is not null then
			r_match_method := 'discord_answer';
		end if;
	end if;
	if r_member_id is null and delivery ->> 'discord_username' is not null then
		select array_agg(x.id) into v_ids
		from (
			select m.id from public.members m
			where lower(m.username) = lower(delivery ->> 'discord_username') and m.username is not null
			limit 2
		) x;
		if cardinality(v_ids) = 1 then
			r_member_id := v_ids[1];
			r_match_method := 'discord_answer';
		end if;
	end if;
	if r_member_id is null and v_old_member is not null then
		r_member_id := v_old_member;
		r_match_method := coalesce(v_old_method, 'staff');
	end if;
	if r_member_id is null and v_email is not null then
		select b.member_id into r_member_id
		from public.bookings b
		where lower(b.invitee_email) = v_email and b.member_id is not null
		order by b.created_at desc
		limit 1;
		if r_member_id is not null then
			r_match_method := 'email';
		end if;
	end if;

	-- Package and price
	if delivery ->> 'event_type_uri' is not null then
		select p.code, p.price_aed into r_package_code, r_price_aed
		from public.packages p
		where p.calendly_event_type_uri = delivery ->> 'event_type_uri';
	end if;
	if r_package_code is null and delivery ->> 'event_name' is not null then
		select p.code, p.price_aed into r_package_code, r_price_aed
		from public.packages p
		where lower(p.name) = lower(delivery ->> 'event_name')
		order by p.active desc, p.sort_order, p.code
		limit 1;
	end if;
	if r_package_code is null and coalesce(v_link_package, v_old_package) is not null then
		select p.code, p.price_aed into r_package_code, r_price_aed
		from public.packages p
		where p.code = coalesce(v_link_package, v_old_package);
	end if;
	r_price_aed := coalesce(r_price_aed, 0);

	-- Referral discount
	if v_link_referral is not null then
		select rc.id into r_referral_code_id
		from public.referral_codes rc
		where rc.id = v_link_referral and rc.member_id is distinct from r_member_id;
	end if;
	if r_referral_code_id is null and delivery ->> 'referral_code' is not null then
		select rc.id into r_referral_code_id
		from public.referral_codes rc
		where rc.code = upper(delivery ->> 'referral_code') and rc.member_id is distinct from r_member_id;
	end if;
	if r_referral_code_id is null and v_old_referral is not null then
		select rc.id into r_referral_code_id
		from public.referral_codes rc
		where rc.id = v_old_referral and rc.member_id is distinct from r_member_id;
	end if;
	r_discount_aed := case when r_referral_code_id is null then 0 else round(r_price_aed * 0.10, 2) end;

	r_needs_staff_review := r_member_id is null or r_package_code is null;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------------
-- Inserts the booking of an invitee we have not seen yet, resolved as above; returns it, or a row of nulls when the
-- invitee already has a booking (an earlier delivery about it wrote one). Marks the personal link used.
-- ---------------------------------------------------------------------------------------------------------------------
create function public.calendly_insert_booking(delivery jsonb, initial_status text, replaces uuid)
	returns public.bookings
	language plpgsql
	set search_path = ''
as $$
declare
	m record;
	v_row public.bookings;
begin
	select * into m from public.calendly_resolve_booking(delivery, replaces);
	insert into public.bookings (
		calendly_invitee_uri, calendly_event_uri, member_id, booking_link_id, package_code, status, starts_at, ends_at,
		timezone, invitee_name, invitee_email, price_aed, discount_aed, referral_code_id, match_method, needs_staff_review,
		reschedule_url, cancel_url, cancel_reason, canceled_by, canceled_at, no_show_at, replaces_booking_id,
		old_invitee_uri, new_invitee_uri
	) values (
		delivery ->> 'invitee_uri', delivery ->> 'event_uri', m.r_member_id, m.r_booking_link_id, m.r_package_code,
		initial_status, (delivery ->> 'starts_at')::timestamptz, (delivery ->> 'ends_at')::timestamptz,
		delivery ->> 'timezone', delivery ->> 'invitee_name', delivery ->> 'invitee_email', m.r_price_aed,
		m.r_discount_aed, m.r_referral_code_id, m.r_match_method, m.r_needs_staff_review, delivery ->> 'reschedule_url',
		delivery ->> 'cancel_url',
		case when initial_status in ('canceled', 'rescheduled') then delivery ->> 'cancel_reason' end,
		case when initial_status in ('canceled', 'rescheduled') then delivery ->> 'canceled_by' end,
		case when initial_status in ('canceled', 'rescheduled') then (delivery ->> 'canceled_at')::timestamptz end,
		case when initial_status = 'no_show' then (delivery ->> 'no_show_at')::timestamptz end,
		replaces, delivery ->> 'old_invitee_uri', delivery ->> 'new_invitee_uri'
	)
	on conflict (calendly_invitee_uri) do nothing
	returning * into v_row;
	if v_row.id is not null and m.r_booking_link_id is not null then
		update public.booking_links set used_at = now() where id = m.r_booking_link_id and used_at is null;
	end if;
	return v_row;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------------
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
-- ---------------------------------------------------------------------------------------------------------------------
create function public.calendly_apply_delivery(delivery jsonb, raw_body text)
	returns jsonb
	language plpgsql
	set search_path = ''
as $$
declare
	v_kind text := delivery ->> 'kind';
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
	-- 1. Serialise deliveries about the same invitees, always in the same order: copies of one delivery (retries,
	--    concurrent duplicates) and the two deliveries of a reschedule, which name each other. Once a lock is held,
	--    each following statement sees what the delivery that held it before committed.
	for v_uri in
		select distinct u
		from unnest(case
			when v_invitee is null then array['dedupe:' || (delivery ->> 'dedupe_key')]
			else array[v_invitee, v_old_uri, v_new_uri]
		end) as u
		where u is not null
		order by u
	loop
		perform pg_advisory_xact_lock(hashtextextended('calendly:' || v_uri, 0));
	end loop;

	-- 2. Deduplicate: a delivery already recorded only counts one more copy.
	update public.webhook_events as w
	set deliveries = w.deliveries + 1, last_received_at = now()
	where w.dedupe_key = delivery ->> 'dedupe_key'
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
				where n.due_at is not null
				on conflict (booking_id, kind) do nothing;
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

	-- 4. Record the delivery with its outcome (raw body kept). The lock above makes the conflict branch unreachable
	--    in practice; it only keeps a copy from failing if it ever were.
	if v_event_id is null then
		insert into public.webhook_events as w (event_type, dedupe_key, raw_body, outcome, error, booking_id, processed_at)
		values (delivery ->> 'event_type', delivery ->> 'dedupe_key', raw_body, v_outcome, v_error, v_booking_id, now())
		on conflict (dedupe_key) do update set deliveries = w.deliveries + 1, last_received_at = now()
		returning w.id into v_event_id;
	else
		insert into public.webhook_events as w (id, event_type, dedupe_key, raw_body, outcome, error, booking_id, processed_at)
		overriding system value
		values (v_event_id, delivery ->> 'event_type', delivery ->> 'dedupe_key', raw_body, v_outcome, v_error, v_booking_id, now())
		on conflict (dedupe_key) do update set deliveries = w.deliveries + 1, last_received_at = now();
	end if;
	return jsonb_build_object('webhook_event_id', v_event_id, 'outcome', v_outcome, 'booking_id', v_booking_id,
		'duplicate', false);
end
$$;

-- ---------------------------------------------------------------------------------------------------------------------
-- Grants: only the table owner (the database URL) and service_role may run these; never the API roles.
-- ---------------------------------------------------------------------------------------------------------------------
revoke all on function public.calendly_resolve_booking(jsonb, uuid) from public, anon, authenticated;
revoke all on function public.calendly_insert_booking(jsonb, text, uuid) from public, anon, authenticated;
revoke all on function public.calendly_apply_delivery(jsonb, text) from public, anon, authenticated;
grant execute on function public.calendly_resolve_booking(jsonb, uuid) to service_role;
grant execute on function public.calendly_insert_booking(jsonb, text, uuid) to service_role;
grant execute on function public.calendly_apply_delivery(jsonb, text) to service_role;
