-- QUA-9: the certified providers' names; a bank account is in that name (SET-1)
CREATE TABLE providers (
  provider_id uuid PRIMARY KEY,
  company_name text NOT NULL,
  certified boolean NOT NULL
);

-- SET-1
CREATE TABLE bank_accounts (
  id uuid PRIMARY KEY,
  provider_id uuid NOT NULL,
  bank text NOT NULL,
  branch text NOT NULL,
  account_name text NOT NULL,
  number text NOT NULL CHECK (number ~ '^[0-9]{8,30}$'),
  removed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX bank_accounts_number ON bank_accounts (provider_id, number) WHERE NOT removed;

-- SET-2: the voucher payments of completed orders, from orders' events; one line, one voucher's deduction on one order
CREATE TABLE payment_lines (
  id uuid PRIMARY KEY,
  provider_id uuid NOT NULL,
  order_id uuid NOT NULL,
  order_no text NOT NULL,
  voucher_id uuid NOT NULL,
  voucher_number text NOT NULL,
  category text NOT NULL,
  enterprise_id uuid NOT NULL,
  enterprise_name text NOT NULL,
  district text,
  city text,
  amount bigint NOT NULL CHECK (amount > 0),
  completed_at timestamptz NOT NULL,
  UNIQUE (order_id, voucher_id)
);
CREATE INDEX payment_lines_provider ON payment_lines (provider_id, completed_at DESC);

-- SET-2/3
CREATE TABLE applications (
  id uuid PRIMARY KEY,
  provider_id uuid NOT NULL,
  provider_name text NOT NULL,
  state text NOT NULL CHECK (state IN ('submitted', 'assessed', 'payment_approved', 'paid', 'confirmed', 'rejected')),
  amount bigint NOT NULL CHECK (amount > 0),
  bank_account jsonb NOT NULL,
  materials jsonb NOT NULL,
  rejection_reason text,
  transfer_reference text,
  paid_on date,
  signed_form_file_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applications_provider ON applications (provider_id, created_at DESC);
CREATE INDEX applications_state ON applications (state, created_at);

-- SET-2: a line is in at most one open application; a rejection closes its lines (open = false)
CREATE TABLE application_lines (
  application_id uuid NOT NULL REFERENCES applications (id),
  line_id uuid NOT NULL REFERENCES payment_lines (id),
  open boolean NOT NULL DEFAULT true,
  PRIMARY KEY (application_id, line_id)
);
CREATE UNIQUE INDEX application_lines_one_open ON application_lines (line_id) WHERE open;
