-- Issue 18: a provider's staff with the `orders` menu (ID-8) are told of its
-- orders, as its main account is. Kept from identity's events (user created,
-- staff permissions set, user deleted), one row per staff member: whose staff
-- it is and whether it holds `orders` now. Each row takes a change only from a
-- later step (`version_at`), as the to-dos do: the events come on one durable
-- per type, so a grant may arrive before the creation it follows, and a
-- deletion (a row without `orders`, kept) is never undone by a late grant.
CREATE TABLE provider_staff (
  user_id uuid PRIMARY KEY,
  -- null only while a deletion is all that has arrived
  provider_id uuid,
  orders boolean NOT NULL,
  version_at timestamptz NOT NULL
);

-- an order step reads the staff of one provider who hold `orders`
CREATE INDEX provider_staff_with_orders ON provider_staff (provider_id) WHERE orders;
