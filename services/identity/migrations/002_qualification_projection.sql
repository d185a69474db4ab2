-- ID-8: which providers are certified, kept from qualification's events
CREATE TABLE certified_providers (
  provider_id uuid PRIMARY KEY,
  certified boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
