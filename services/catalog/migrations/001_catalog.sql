-- QUA-9: what catalog keeps of qualification's providers (only certified ones submit: CAT-3)
CREATE TABLE providers (
  provider_id uuid PRIMARY KEY,
  company_name text NOT NULL,
  region text,
  service_scopes text[] NOT NULL DEFAULT '{}',
  certified boolean NOT NULL
);
CREATE INDEX providers_certified ON providers (company_name) WHERE certified;

-- LOT-1 categories, from lottery's events: the voucher terms of a product may only name these (CAT-2)
CREATE TABLE voucher_categories (
  code text PRIMARY KEY,
  name text NOT NULL
);

-- CAT-1..3: the provider's working copy and where it stands in review
CREATE TABLE products (
  id uuid PRIMARY KEY,
  provider_id uuid NOT NULL,
  state text NOT NULL CHECK (state IN ('draft', 'operator_review', 'expert_review', 'final_review',
                                       'rejected', 'withdrawn', 'listed', 'delisted')),
  content jsonb NOT NULL,
  rejection_stage text CHECK (rejection_stage IN ('operator', 'expert', 'final')),
  rejection_reason text,
  rejected_at timestamptz,
  delist_reason text,
  submitted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_provider ON products (provider_id, state, updated_at DESC);
CREATE INDEX products_in_review ON products (state, submitted_at) WHERE state IN ('operator_review', 'expert_review', 'final_review');

-- CAT-4: the public copy of a listed product, one per product, searchable; a
-- reviewed edit replaces it (version + 1) while the working copy moves on.
-- search_terms holds the words (Han characters and pairs, Latin prefixes) and
-- the facets (category, region, voucher categories) in one GIN index.
CREATE TABLE listings (
  product_id uuid PRIMARY KEY REFERENCES products (id),
  version int NOT NULL CHECK (version > 0),
  provider_id uuid NOT NULL,
  provider_name text NOT NULL,
  name text NOT NULL,
  category text NOT NULL,
  region text NOT NULL,
  min_price bigint NOT NULL CHECK (min_price >= 0),
  max_price bigint NOT NULL CHECK (max_price >= min_price),
  search_text text NOT NULL,
  search_terms text[] NOT NULL,
  content jsonb NOT NULL,
  listed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX listings_terms ON listings USING gin (search_terms);
CREATE INDEX listings_newest ON listings (listed_at DESC, product_id);
CREATE INDEX listings_price ON listings (min_price, product_id);
CREATE INDEX listings_category ON listings (category, listed_at DESC);
CREATE INDEX listings_provider ON listings (provider_id, listed_at DESC);

-- CAT-5: evaluations, from orders' events (ORD-7)
CREATE TABLE evaluations (
  order_id uuid PRIMARY KEY,
  product_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  enterprise_name text NOT NULL,
  rating text NOT NULL CHECK (rating IN ('good', 'neutral', 'bad')),
  text text NOT NULL,
  auto boolean NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX evaluations_product ON evaluations (product_id, at DESC);
CREATE INDEX evaluations_provider ON evaluations (provider_id, at DESC);
