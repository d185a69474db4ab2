-- Issue 18 item 3 (the enterprise's to-do `voucher_to_use`): a voucher once
-- reminded of a deadline is flagged, so that a change of its state in or out
-- of `available` appends `evt.wallet.voucher.moved`, read with the row the
-- payment reads anyway: the vouchers never reminded (most) cost the payment
-- path nothing more. A column with a constant default rewrites no row.
ALTER TABLE vouchers ADD COLUMN reminded boolean NOT NULL DEFAULT false;

UPDATE vouchers SET reminded = true WHERE id IN (SELECT voucher_id FROM voucher_reminders);
