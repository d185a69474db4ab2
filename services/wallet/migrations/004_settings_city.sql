-- DOMAIN §0b: the wallet's programme settings, audited in audit_log
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- ORD-9: every voucher carries the city of the programme that issued it
ALTER TABLE vouchers ADD COLUMN city text NOT NULL DEFAULT '南京市';
ALTER TABLE vouchers ALTER COLUMN city DROP DEFAULT;
ALTER TABLE payments ADD COLUMN city text;
CREATE INDEX payments_provider ON payments (provider_id, city) WHERE state = 'paid';
