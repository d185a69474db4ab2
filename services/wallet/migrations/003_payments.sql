-- WAL-4/5: one payment per order (the order id makes paying idempotent), its lines per voucher
CREATE TABLE payments (
  order_id uuid PRIMARY KEY,
  enterprise_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  total bigint NOT NULL CHECK (total > 0),
  state text NOT NULL CHECK (state IN ('paid', 'refunded')),
  paid_at timestamptz NOT NULL DEFAULT now(),
  refunded_at timestamptz
);
CREATE TABLE payment_lines (
  order_id uuid NOT NULL REFERENCES payments (order_id),
  voucher_id uuid NOT NULL REFERENCES vouchers (id),
  amount bigint NOT NULL CHECK (amount > 0),
  forfeited bigint NOT NULL CHECK (forfeited >= 0),
  balance_after bigint NOT NULL,
  PRIMARY KEY (order_id, voucher_id)
);
CREATE INDEX payment_lines_voucher ON payment_lines (voucher_id);
