-- =====================================================================================================================
-- A cancellation is applied once per invitee (issue #17, item 3).
--
-- Deliveries are deduplicated by their key (event, invitee, the envelope's created_at), and their effects once per
-- invitee: a booking is written once. One effect was not: a second invitee.canceled for a booking already canceled
-- canceled its pending notifications again, the booking_canceled message the first one planned included. Calendly's
-- own retries share a key, but `fpsos calendly recover` (src/lib/integrations/calendly/recover.ts) applies what
-- Calendly never delivered with the time of the change as created_at, and when Calendly's delivery of the same
-- cancellation arrives later its key differs: the member's cancellation message was lost if not sent yet. Now pending
-- notifications are canceled only by the cancellation that changes the booking (scheduled -> canceled or
-- rescheduled, canceled -> rescheduled), which is also when the status changes.
--
-- The function is the one of 20261124004000_webhook_throughput.sql with that one condition added; it stays SECURITY
-- DEFINER (20261207100000_tight_and_fast.sql) and keeps its grants.
-- =====================================================================================================================

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
				-- A booking written just now has no notifications yet: a plain INSERT.
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

