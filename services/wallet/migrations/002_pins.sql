-- WAL-2: a keyed hash (HMAC-SHA-256 with a per-user salt and a server-side key that is never stored here)
CREATE TABLE pins (
  enterprise_id uuid PRIMARY KEY,
  salt bytea NOT NULL,
  hash bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
