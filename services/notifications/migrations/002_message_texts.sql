-- Issue 18: a draw's publication writes a million messages (LOT-7), most of them
-- in the same words (one text per category and outcome). The rendered text is
-- kept once and each message points at it, so a message row is its recipient,
-- its state and a reference: a quarter of the bytes written per message, which
-- is what the fan-out's 30 s are spent on. Still rendered when written: a later
-- change of a template never rewrites what someone was told.
CREATE TABLE message_texts (
  -- UUIDv7
  id uuid PRIMARY KEY,
  params jsonb NOT NULL DEFAULT '{}',
  title_zh text NOT NULL,
  body_zh text NOT NULL,
  title_en text NOT NULL,
  body_en text NOT NULL,
  -- swept with the messages that point at it: none of them outlives it
  keep_until timestamptz NOT NULL DEFAULT now() + interval '1 year'
);

ALTER TABLE messages ADD COLUMN text_id uuid;
INSERT INTO message_texts (id, params, title_zh, body_zh, title_en, body_en, keep_until)
  SELECT id, params, title_zh, body_zh, title_en, body_en, keep_until FROM messages;
UPDATE messages SET text_id = id;
-- No foreign key: a text is written before its messages, and the check would cost
-- each of a million rows a lookup; the store only ever writes a message with its text.
ALTER TABLE messages ALTER COLUMN text_id SET NOT NULL,
  DROP COLUMN params, DROP COLUMN title_zh, DROP COLUMN body_zh, DROP COLUMN title_en, DROP COLUMN body_en;

-- Rows arrive in time order, so the sweep's range needs only a block range index,
-- which costs an insert next to nothing (a B-tree costs every one of the million a descent).
DROP INDEX messages_keep_until;
CREATE INDEX messages_keep_until ON messages USING brin (keep_until);
CREATE INDEX message_texts_keep_until ON message_texts USING brin (keep_until);
