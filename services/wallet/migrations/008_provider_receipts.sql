-- ORD-9: what each provider has received in each city's vouchers, kept as
-- payments and refunds happen, so a payment checks the cap against one row
-- instead of summing all of the provider's payments under a lock
CREATE TABLE provider_receipts (
  provider_id uuid NOT NULL,
  city text NOT NULL,
  received bigint NOT NULL CHECK (received >= 0),
  PRIMARY KEY (provider_id, city)
);
INSERT INTO provider_receipts (provider_id, city, received)
SELECT p.provider_id, v.city, sum(pl.amount)
FROM payment_lines pl JOIN payments p ON p.order_id = pl.order_id JOIN vouchers v ON v.id = pl.voucher_id
WHERE p.state = 'paid'
GROUP BY p.provider_id, v.city;
DROP INDEX payments_provider;

-- WAL-4: payments are decided on a read and written in one statement that
-- stops here when what it read has changed since (a voucher's balance or
-- state, a provider's cap); the payment is then decided again
CREATE FUNCTION fresh_or_retry(fresh boolean) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT fresh THEN
    RAISE EXCEPTION 'a payment was decided on a read that has since changed' USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN true;
END $$;
