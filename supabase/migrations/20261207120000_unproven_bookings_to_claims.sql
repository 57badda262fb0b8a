-- =====================================================================================================================
-- Bookings linked before 20261124010000_bookings_on_proof.sql by what the booker typed (a Discord answer, or an e-mail
-- seen on an earlier booking) were never proven. Those still ahead become what such a booking is now: unlinked
-- (needs staff review), with a claim the member is asked about by DM. Until the member says yes, their reminders and
-- export no longer carry it, and it earns no referral credit. Past, canceled and completed bookings stay as they are
-- (the referral trigger already refuses credit for these match methods).
-- =====================================================================================================================
with unproven as (
	select b.id, b.member_id, b.match_method, b.starts_at
	from public.bookings b
	join public.members m on m.id = b.member_id and m.anonymized_at is null
	where b.match_method in ('discord_answer', 'email') and b.status = 'scheduled' and b.starts_at > now()
		and not exists (select 1 from public.booking_claims c where c.booking_id = b.id)
),
claims as (
	insert into public.booking_claims (booking_id, member_id, basis)
	select u.id, u.member_id, u.match_method from unproven u
	returning id, booking_id, member_id
),
questions as (
	insert into public.notifications (kind, booking_id, member_id, due_at, payload)
	select 'booking_claim', c.booking_id, c.member_id, now(), jsonb_build_object('claim_id', c.id, 'starts_at', u.starts_at)
	from claims c join unproven u on u.id = c.booking_id
	on conflict (booking_id, kind) do nothing
)
update public.bookings b
set member_id = null, match_method = null, needs_staff_review = true
from claims c
where b.id = c.booking_id;
