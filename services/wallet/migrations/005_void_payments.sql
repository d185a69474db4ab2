-- WAL-4 saga fence: an order that gave up waiting for its payment calls it off
-- (state 'void', no lines); a pay arriving later for that order finds the row
-- and deducts nothing, so no voucher value is spent for an order that is gone
ALTER TABLE payments DROP CONSTRAINT payments_state_check;
ALTER TABLE payments ADD CONSTRAINT payments_state_check CHECK (state IN ('paid', 'refunded', 'void'));
ALTER TABLE payments DROP CONSTRAINT payments_total_check;
ALTER TABLE payments ADD CONSTRAINT payments_total_check CHECK (total > 0 OR (state = 'void' AND total = 0));
