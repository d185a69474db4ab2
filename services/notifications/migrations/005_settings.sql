-- DOMAIN §0b: the notifications programme settings (the programme's wording of
-- the templates, issue 18), one JSON row, audited in audit_log (libs/db programmeSettings)
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);
