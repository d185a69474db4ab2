-- Issue 18: the texts identity sent for another service (svc.identity.textUser),
-- one row per delivery key, so a repeated request sends nothing. Neither the
-- mobile nor the text is kept: the key leads back to the caller's own record.
CREATE TABLE sms_texts (
  -- the caller's unique delivery key (the notifications service: its message id)
  key text PRIMARY KEY,
  user_id uuid NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now()
);
