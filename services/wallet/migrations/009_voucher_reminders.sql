-- Issue 18 item 2: a voucher's deadline reminded once per deadline and
-- threshold (7 days, then 1 day before), however often the job runs: the row
-- is written in the transaction that appends the reminder's event, and the
-- key refuses a second one
CREATE TABLE voucher_reminders (
  voucher_id uuid NOT NULL REFERENCES vouchers (id),
  -- `expiry`: the voucher's validity ends; `reclaim`: the programme takes it back unused (WAL-6)
  deadline text NOT NULL CHECK (deadline IN ('expiry', 'reclaim')),
  -- days before the deadline
  threshold int NOT NULL CHECK (threshold IN (7, 1)),
  -- the deadline as reminded
  ends_at timestamptz NOT NULL,
  reminded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (voucher_id, deadline, threshold)
);

-- the hourly search for available vouchers near their expiry (and the expiry job's) reads only these
CREATE INDEX vouchers_available_expiry ON vouchers (expires_at) WHERE state = 'available';
-- the reclaim date counts from publication, for drawn vouchers untouched
CREATE INDEX vouchers_available_drawn ON vouchers (visible_from) WHERE state = 'available' AND source_kind = 'draw';
