-- Issue 18 item 2 (ORD-5): an order still without its contract is reminded
-- once per threshold (7 days, then 1 day before it is cancelled for it),
-- however often the job runs: the row is written in the transaction that
-- appends the reminder's event, and the key refuses a second one
CREATE TABLE contract_reminders (
  order_id uuid NOT NULL REFERENCES orders (id),
  -- days before the cancellation
  threshold int NOT NULL CHECK (threshold IN (7, 1)),
  -- the cancellation as reminded
  cancel_at timestamptz NOT NULL,
  reminded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, threshold)
);
