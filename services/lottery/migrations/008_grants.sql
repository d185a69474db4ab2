-- A voucher granted by hand (API.md /admin/wallet/grants): a win of source
-- 'grant', counted in annual_wins like a draw's or a grab's (LOT-4), made
-- once per administrator and Idempotency-Key.
CREATE TABLE grants (
  id uuid PRIMARY KEY REFERENCES wins (id),
  enterprise_id uuid NOT NULL,
  category_code text NOT NULL REFERENCES categories (code),
  year int NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) >= 2),
  granted_by uuid NOT NULL,
  idempotency_key text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT grants_idempotency UNIQUE (granted_by, idempotency_key)
);
