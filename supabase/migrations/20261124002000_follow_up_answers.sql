-- =====================================================================================================================
-- Answers to the one-week "how's performance?" check-in (quick buttons in the DM).
-- =====================================================================================================================
alter table public.bookings
	add column performance_check_answer text check (performance_check_answer in ('better', 'same', 'worse')),
	add column performance_check_at timestamptz;
