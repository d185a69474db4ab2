-- Issue 18 item 4: each user's channels, and the address their email goes to.
-- A user with no row has the defaults: every kind in the inbox and by SMS (SMS
-- goes only for the messages that are essential enough, src/domain/sms.ts),
-- and no email, since there is no address to send it to.
CREATE TABLE preferences (
  -- the user's id (the caller of svc.notifications.updatePreferences: one's own only)
  user_id uuid PRIMARY KEY,
  -- where email goes; none: no email at all (personal data: never logged)
  email text CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254),
  -- only the choices the user made, per kind and channel, e.g.
  -- {"order_step": {"inbox": false}, "announcement": {"email": false}};
  -- a choice not made is the default (src/domain/preferences.ts), so a default
  -- changed later reaches everyone who never chose
  channels jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(channels) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Issue 18 items 1 and 6: one email per message. A row is written in the
-- transaction that sends the email and commits only once the SMTP server has
-- taken it, so a redelivered request (or a replay of the dead letter) finds
-- it and sends nothing more.
CREATE TABLE email_deliveries (
  -- the message's id: in `messages`, or for a kind its user keeps out of the inbox, the id its requests carry
  message_id uuid PRIMARY KEY,
  sent_at timestamptz NOT NULL DEFAULT now()
);
