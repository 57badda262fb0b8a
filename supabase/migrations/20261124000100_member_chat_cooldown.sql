-- =====================================================================================================================
-- Chat replies (greetings and intents) go out at most once per member per few minutes, even across bot processes:
-- the reply is claimed by moving this timestamp forward atomically.
-- =====================================================================================================================
alter table public.members add column last_chat_reply_at timestamptz;
