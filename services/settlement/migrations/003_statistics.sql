-- SET-6: evaluations by provider and product, from orders' events (ORD-7)
CREATE TABLE evaluations (
  order_id uuid PRIMARY KEY,
  product_id uuid NOT NULL,
  product_name text NOT NULL,
  provider_id uuid NOT NULL,
  provider_name text NOT NULL,
  district text,
  rating text NOT NULL CHECK (rating IN ('good', 'neutral', 'bad')),
  at timestamptz NOT NULL
);
