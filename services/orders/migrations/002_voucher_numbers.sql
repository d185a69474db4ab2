-- ORD-8: a provider finds a customer by the voucher number it paid with; SET-2:
-- the completion event names each voucher and its category. Both come from
-- the wallet's answer to pay; a line not yet paid has neither.
ALTER TABLE order_vouchers ADD COLUMN voucher_number text;
ALTER TABLE order_vouchers ADD COLUMN category text;
CREATE INDEX order_vouchers_number ON order_vouchers (voucher_number);
