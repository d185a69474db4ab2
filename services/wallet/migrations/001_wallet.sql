-- what the wallet knows of voucher categories, from the lottery's events (LOT-8)
CREATE TABLE categories (
  code text PRIMARY KEY,
  name text NOT NULL,
  face_value bigint NOT NULL CHECK (face_value > 0),
  validity_days int,
  valid_until date,
  redemption_mode text NOT NULL CHECK (redemption_mode IN ('single_use', 'balance'))
);

-- human-facing voucher numbers: the year, then a serial of that year
CREATE TABLE serials (
  year int PRIMARY KEY,
  last bigint NOT NULL
);

-- WAL-1: one voucher per win; its id is the win's id, so a win can never issue twice
CREATE TABLE vouchers (
  id uuid PRIMARY KEY,
  number bigint NOT NULL UNIQUE,
  enterprise_id uuid NOT NULL,
  category_code text NOT NULL REFERENCES categories (code),
  face_value bigint NOT NULL CHECK (face_value > 0),
  balance bigint NOT NULL,
  state text NOT NULL CHECK (state IN ('available', 'used', 'expired', 'reclaimed')),
  redemption_mode text NOT NULL CHECK (redemption_mode IN ('single_use', 'balance')),
  source_kind text NOT NULL CHECK (source_kind IN ('draw', 'grab', 'grant')),
  batch_id uuid,
  campaign_id uuid,
  issued_at timestamptz NOT NULL,
  -- LOT-8: a drawn voucher exists from the draw but shows only from its batch's publication
  visible_from timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT balance_within_face_value CHECK (balance >= 0 AND balance <= face_value)
);
CREATE INDEX vouchers_enterprise ON vouchers (enterprise_id, visible_from, issued_at DESC);

-- WAL-3: every balance change, immutable, signed fen
CREATE TABLE ledger (
  id uuid PRIMARY KEY,
  voucher_id uuid NOT NULL REFERENCES vouchers (id),
  enterprise_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('issue', 'payment', 'forfeit', 'refund', 'expiry', 'reclaim')),
  amount bigint NOT NULL,
  balance_after bigint NOT NULL CHECK (balance_after >= 0),
  order_id uuid,
  note text NOT NULL DEFAULT '',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_enterprise ON ledger (enterprise_id, at DESC, id DESC);
CREATE INDEX ledger_voucher ON ledger (voucher_id);
CREATE FUNCTION ledger_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are never changed: put a mistake right with a correcting entry (WAL-3)';
END $$;
CREATE TRIGGER ledger_is_immutable BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_is_immutable();
