-- SET-5: the orders a general-voucher claim may name, as orders announces them (placed, cancelled);
-- settlement never reads orders' schema (ARCHITECTURE A8b)
CREATE TABLE orders (
  order_id uuid PRIMARY KEY,
  order_no text NOT NULL UNIQUE,
  enterprise_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  cancelled boolean NOT NULL DEFAULT false
);

-- QUA-9: the enterprises' certified names, which a claim must give
CREATE TABLE enterprises (
  enterprise_id uuid PRIMARY KEY,
  company_name text NOT NULL
);

-- SET-5: the order a general-voucher claim is for; claimed once, unless the claim was rejected
ALTER TABLE applications ADD COLUMN general_order_id uuid;
CREATE UNIQUE INDEX applications_one_general_claim ON applications (general_order_id)
  WHERE kind = 'general' AND state <> 'rejected';

-- DOMAIN §0b: the programme's general-voucher value, for settings stored before it was one
UPDATE settings SET value = value || '{"generalVoucherValue": 1000000}'
WHERE key = 'programme' AND NOT value ? 'generalVoucherValue';
