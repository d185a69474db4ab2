-- QUA-9: the certified enterprises (ORD-1 "a certified enterprise orders") and
-- what a provider's customer list shows of them (ORD-8)
CREATE TABLE enterprises (
  enterprise_id uuid PRIMARY KEY,
  company_name text NOT NULL,
  credit_code text,
  district text,
  city text,
  certified boolean NOT NULL
);

-- ORD-1..7: one order of one spec of one listed product
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  order_no char(24) NOT NULL UNIQUE CHECK (order_no ~ '^[0-9]{24}$'),
  enterprise_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  provider_name text NOT NULL,
  product_id uuid NOT NULL,
  product_version int NOT NULL,
  product_name text NOT NULL,
  spec_name text NOT NULL,
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  quantity int NOT NULL CHECK (quantity > 0),
  total_amount bigint NOT NULL CHECK (total_amount = unit_price * quantity),
  voucher_amount bigint NOT NULL CHECK (voucher_amount >= 0 AND voucher_amount <= total_amount),
  cash_due bigint NOT NULL CHECK (cash_due = total_amount - voucher_amount),
  message text NOT NULL DEFAULT '',
  state text NOT NULL CHECK (state IN ('pending_payment', 'awaiting_provider', 'accepted', 'in_service', 'delivered',
                                       'completed', 'evaluated', 'cancelled')),
  -- the saga's own record of the wallet steps (ORD-3, WAL-4/5): `requested` until the wallet's answer to pay
  -- is recorded, `refund_requested` until its answer to refund is: a restart resumes from either
  payment_state text NOT NULL CHECK (payment_state IN ('none', 'requested', 'paid', 'refund_requested', 'refunded')),
  payment_requested_at timestamptz,
  -- `placed` is announced once the wallet has answered, so no event speaks of an order a refusal removed
  announced boolean NOT NULL DEFAULT false,
  year int NOT NULL,
  idempotency_key text,
  annual_limit int,
  contract_file_id uuid,
  cancel_reason text,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- a retried POST with the same Idempotency-Key finds its order (per enterprise)
CREATE UNIQUE INDEX orders_idempotency ON orders (enterprise_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX orders_enterprise ON orders (enterprise_id, created_at DESC);
CREATE INDEX orders_provider ON orders (provider_id, created_at DESC);
-- CAT-2: the annual purchase limit counts an enterprise's live orders of a product in a year
CREATE INDEX orders_purchases ON orders (enterprise_id, product_id, year) WHERE state <> 'cancelled';
CREATE INDEX orders_payment_pending ON orders (payment_requested_at) WHERE payment_state IN ('requested', 'refund_requested');
CREATE INDEX orders_completed ON orders (completed_at) WHERE state = 'completed';

-- the vouchers the enterprise chose, then what the wallet deducted
CREATE TABLE order_vouchers (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  voucher_id uuid NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (order_id, voucher_id)
);
CREATE INDEX order_vouchers_voucher ON order_vouchers (voucher_id);

-- ORD-3: at most 3 transfer receipts (checked under the order's lock)
CREATE TABLE receipts (
  order_id uuid NOT NULL REFERENCES orders (id),
  file_id uuid NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, file_id)
);

-- ORD-4: one voucher withdrawal per enterprise per programme year, whatever races
CREATE TABLE withdrawals (
  enterprise_id uuid NOT NULL,
  year int NOT NULL,
  order_id uuid NOT NULL REFERENCES orders (id),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enterprise_id, year)
);

-- ORD-6
CREATE TABLE service_records (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id),
  date date NOT NULL,
  engineer text NOT NULL,
  description text NOT NULL,
  remark text,
  solved boolean,
  scores jsonb,
  evaluated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_records_order ON service_records (order_id, created_at);
CREATE TABLE service_requests (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id),
  note text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

-- ORD-7: one evaluation per order
CREATE TABLE evaluations (
  order_id uuid PRIMARY KEY REFERENCES orders (id),
  rating text NOT NULL CHECK (rating IN ('good', 'neutral', 'bad')),
  text text NOT NULL,
  platform_stars int NOT NULL CHECK (platform_stars BETWEEN 0 AND 5),
  platform_text text,
  auto boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

-- DOMAIN §0b: contract deadline days (ORD-5), auto-evaluation days (ORD-7)
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);
