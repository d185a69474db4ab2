-- CAT-2: an enterprise's live orders of a product in a programme year, kept as
-- a row that placing an order raises only while it is under the product's
-- limit (one statement, the row's lock serialising the count), and that an
-- order leaving the count (cancelled, or a placement the wallet refused and
-- that was removed) lowers, whichever path it took
CREATE TABLE annual_purchases (
  enterprise_id uuid NOT NULL,
  product_id uuid NOT NULL,
  year int NOT NULL,
  placed int NOT NULL CHECK (placed >= 0),
  -- the product's limit as the latest placement saw it
  annual_limit int,
  PRIMARY KEY (enterprise_id, product_id, year)
);
INSERT INTO annual_purchases (enterprise_id, product_id, year, placed, annual_limit)
SELECT enterprise_id, product_id, year, count(*), max(annual_limit) FROM orders WHERE state <> 'cancelled'
GROUP BY enterprise_id, product_id, year;

CREATE FUNCTION purchase_left_the_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE annual_purchases SET placed = placed - 1
  WHERE enterprise_id = OLD.enterprise_id AND product_id = OLD.product_id AND year = OLD.year AND placed > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER order_cancelled AFTER UPDATE OF state ON orders
  FOR EACH ROW WHEN (OLD.state <> 'cancelled' AND NEW.state = 'cancelled') EXECUTE FUNCTION purchase_left_the_count();
CREATE TRIGGER order_removed AFTER DELETE ON orders
  FOR EACH ROW WHEN (OLD.state <> 'cancelled') EXECUTE FUNCTION purchase_left_the_count();
DROP INDEX orders_purchases;
