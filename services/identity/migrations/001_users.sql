CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL CHECK (username ~ '^[A-Za-z0-9_]{6,30}$'),
  mobile text NOT NULL CHECK (mobile ~ '^1[0-9]{10}$'),
  email text,
  role text NOT NULL CHECK (role IN ('enterprise', 'provider', 'provider_staff', 'district_officer', 'operator',
                                     'expert', 'approver', 'finance', 'admin')),
  password_hash text NOT NULL,
  district text,
  provider_id uuid REFERENCES users (id) ON DELETE CASCADE,
  permissions text[] NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- ID-8: staff hang under exactly one provider; nobody else does
  CONSTRAINT staff_has_provider CHECK ((role = 'provider_staff') = (provider_id IS NOT NULL)),
  -- DOMAIN §1: a district officer is bound to a district
  CONSTRAINT officer_has_district CHECK (role <> 'district_officer' OR district IS NOT NULL)
);
-- ID-1: usernames are unique whatever their case; mobiles are unique across every account (ID-8 too)
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_mobile_key ON users (mobile);
CREATE INDEX users_provider ON users (provider_id) WHERE provider_id IS NOT NULL;

-- ID-2: a new password differs from the current one and the last 5
CREATE TABLE password_history (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_history_user ON password_history (user_id, replaced_at DESC);

-- ID-3: rotating refresh tokens; a session is one family of them
CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_user_live ON refresh_tokens (user_id) WHERE used_at IS NULL AND revoked_at IS NULL;

-- ID-9: a provider's experts
CREATE TABLE experts (
  id uuid PRIMARY KEY,
  provider_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  age int NOT NULL CHECK (age BETWEEN 18 AND 100),
  gender text NOT NULL CHECK (gender IN ('male', 'female')),
  fields text[] NOT NULL,
  years_of_service int NOT NULL CHECK (years_of_service >= 0),
  experience text NOT NULL DEFAULT '' CHECK (char_length(experience) <= 200),
  title text NOT NULL DEFAULT '',
  education text NOT NULL DEFAULT '',
  photo_file_id text,
  introduction text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX experts_provider ON experts (provider_id, created_at DESC);
