-- ORD-5: the contract is due within N days of the issuance of the order's vouchers
-- (seed 004: 当批次服务券发放结束后30个自然日内); the wallet says when each was issued
ALTER TABLE order_vouchers ADD COLUMN issued_at timestamptz;
-- the saga's record of a reclaim (ORD-5) beside those of pay and refund
ALTER TABLE orders DROP CONSTRAINT orders_payment_state_check;
ALTER TABLE orders ADD CONSTRAINT orders_payment_state_check
  CHECK (payment_state IN ('none', 'requested', 'paid', 'refund_requested', 'refunded', 'reclaim_requested', 'reclaimed'));
DROP INDEX orders_payment_pending;
CREATE INDEX orders_payment_pending ON orders (payment_requested_at)
  WHERE payment_state IN ('requested', 'refund_requested', 'reclaim_requested');
