-- Issue 18 item 1: every user's in-app inbox. A message is rendered in both
-- languages when it is written, so a later change of a template never
-- rewrites what a user was told; `params` keeps the variables it was written
-- from (the portal links from them, a programme's own template may re-render them).
CREATE TABLE messages (
  -- UUIDv7
  id uuid PRIMARY KEY,
  -- the recipient's user id (a provider's staff account has its own inbox)
  user_id uuid NOT NULL,
  -- what it is about (icon, and later the channel preferences: a review result is essential)
  kind text NOT NULL,
  -- the programme-neutral template key, e.g. enterprise_certification.rejected
  template text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}',
  title_zh text NOT NULL,
  body_zh text NOT NULL,
  title_en text NOT NULL,
  body_en text NOT NULL,
  -- the event it was written for
  source_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  -- issue 18: kept one year; the sweep that deletes after it is a later scheduler job (README)
  keep_until timestamptz NOT NULL DEFAULT now() + interval '1 year',
  -- issue 18 item 6: one message per event per recipient, however often the event is delivered
  -- (the consumer's inbox skips a redelivery; this also holds for a replay from the dead letter)
  CONSTRAINT messages_once_per_event UNIQUE (source_event_id, user_id, template)
);

-- a user's inbox, newest first
CREATE INDEX messages_by_user ON messages (user_id, created_at DESC, id DESC);
-- the bell's number: only the unread rows are indexed, so the count stays small whatever the table holds
CREATE INDEX messages_unread ON messages (user_id) WHERE read_at IS NULL;
-- the retention sweep
CREATE INDEX messages_keep_until ON messages (keep_until);
