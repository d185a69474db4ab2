-- DOMAIN §0b: the settlement programme settings (allowed banks, SET-1), audited in audit_log
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);
