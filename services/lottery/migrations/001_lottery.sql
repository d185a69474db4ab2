-- LOT-6 scores are HMAC-SHA-256 computed inside PostgreSQL (STACK-NOTES: no million rows cross the wire)
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

-- LOT-1
CREATE TABLE categories (
  code text PRIMARY KEY,
  name text NOT NULL,
  face_value bigint NOT NULL CHECK (face_value > 0),
  validity_days int CHECK (validity_days > 0),
  valid_until date,
  redemption_mode text NOT NULL CHECK (redemption_mode IN ('single_use', 'balance')),
  annual_limit int NOT NULL CHECK (annual_limit > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((validity_days IS NULL) <> (valid_until IS NULL))
);

-- LOT-2 / LOT-9
CREATE TABLE campaigns (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('lottery', 'first_come')),
  year int NOT NULL,
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  finished_at timestamptz,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (opens_at < closes_at)
);

CREATE TABLE campaign_categories (
  campaign_id uuid NOT NULL REFERENCES campaigns (id),
  category_code text NOT NULL REFERENCES categories (code),
  stock int CHECK (stock > 0),
  PRIMARY KEY (campaign_id, category_code)
);

CREATE TABLE batches (
  id uuid PRIMARY KEY,
  campaign_id uuid NOT NULL REFERENCES campaigns (id),
  seq int NOT NULL,
  draw_at timestamptz NOT NULL,
  publish_at timestamptz NOT NULL,
  -- LOT-6: secret until the draw; only its commitment is shown before
  seed text NOT NULL CHECK (seed ~ '^[0-9a-f]{64}$'),
  commitment text NOT NULL,
  beacon text,
  beacon_source text,
  state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'drawn', 'published')),
  eligible_hash text,
  final_seed text,
  drawn_at timestamptz,
  published_at timestamptz,
  publication_key text,
  publication_size bigint,
  UNIQUE (campaign_id, seq),
  CHECK (publish_at > draw_at)
);
CREATE INDEX batches_due_draw ON batches (draw_at) WHERE state = 'scheduled';
CREATE INDEX batches_due_publish ON batches (publish_at) WHERE state = 'drawn';

CREATE TABLE batch_quotas (
  batch_id uuid NOT NULL REFERENCES batches (id),
  category_code text NOT NULL REFERENCES categories (code),
  quota int NOT NULL CHECK (quota > 0),
  PRIMARY KEY (batch_id, category_code)
);

-- LOT-3: one reservation per enterprise, category and campaign (a cancelled one is revived)
CREATE TABLE reservations (
  id uuid PRIMARY KEY,
  campaign_id uuid NOT NULL REFERENCES campaigns (id),
  enterprise_id uuid NOT NULL,
  category_code text NOT NULL REFERENCES categories (code),
  state text NOT NULL CHECK (state IN ('pending', 'won', 'not_drawn', 'cancelled')),
  won_batch_id uuid REFERENCES batches (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, enterprise_id, category_code)
);
CREATE INDEX reservations_pool ON reservations (campaign_id, category_code) WHERE state = 'pending';
CREATE INDEX reservations_enterprise ON reservations (enterprise_id, created_at DESC);

-- LOT-6: the eligible set a batch fixed, and which of them won
CREATE TABLE batch_entries (
  batch_id uuid NOT NULL REFERENCES batches (id),
  category_code text NOT NULL,
  reservation_id uuid NOT NULL,
  enterprise_id uuid NOT NULL,
  won boolean NOT NULL,
  PRIMARY KEY (batch_id, reservation_id)
);
CREATE INDEX batch_entries_reservation ON batch_entries (reservation_id);

-- every win of a category (draw, grab, grant): the source of the annual count
CREATE TABLE wins (
  id uuid PRIMARY KEY,
  enterprise_id uuid NOT NULL,
  category_code text NOT NULL REFERENCES categories (code),
  year int NOT NULL,
  source text NOT NULL CHECK (source IN ('draw', 'grab', 'grant')),
  campaign_id uuid,
  batch_id uuid,
  reservation_id uuid UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wins_enterprise ON wins (enterprise_id, category_code, year);

-- LOT-4: the database's guarantee that no enterprise exceeds a category's annual limit
CREATE TABLE annual_wins (
  enterprise_id uuid NOT NULL,
  category_code text NOT NULL,
  year int NOT NULL,
  wins int NOT NULL,
  win_limit int NOT NULL,
  PRIMARY KEY (enterprise_id, category_code, year),
  CONSTRAINT annual_limit_never_exceeded CHECK (wins <= win_limit)
);

-- what lottery knows of enterprises, from qualification's events (QUA-9)
CREATE TABLE enterprises (
  enterprise_id uuid PRIMARY KEY,
  company_name text NOT NULL,
  district text,
  certified boolean NOT NULL
);
CREATE TABLE qualifications (
  enterprise_id uuid NOT NULL,
  year int NOT NULL,
  approved boolean NOT NULL,
  complete boolean NOT NULL,
  PRIMARY KEY (enterprise_id, year)
);
