-- Programme settings (DOMAIN §0b): one row per key, audited in audit_log.
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Who applicants are, projected from identity's events (usernames for the QUA-8 applicant filter).
CREATE TABLE applicants (
  user_id uuid PRIMARY KEY,
  username text NOT NULL,
  role text NOT NULL
);

-- QUA-2
CREATE TABLE survey_answers (
  enterprise_id uuid PRIMARY KEY,
  answers jsonb NOT NULL,
  answered_at timestamptz NOT NULL DEFAULT now()
);

-- Every application of every kind, with its full submitted data; history in application_history.
CREATE TABLE applications (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('enterprise_certification', 'provider_certification', 'voucher_qualification')),
  applicant_id uuid NOT NULL,
  state text NOT NULL CHECK (state IN ('submitted', 'operator_approved', 'certified', 'approved', 'rejected',
                                       'withdrawn', 'revoked', 'superseded')),
  company_name text NOT NULL,
  credit_code text,
  district text,
  year int,
  data jsonb NOT NULL,
  reason text,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  CONSTRAINT voucher_has_year CHECK ((kind = 'voucher_qualification') = (year IS NOT NULL))
);
-- one live (undecided) application per applicant, kind and year
CREATE UNIQUE INDEX applications_one_live ON applications (applicant_id, kind, coalesce(year, 0))
  WHERE state IN ('submitted', 'operator_approved');
-- QUA-1: a credit code is pursued by one account at a time
CREATE UNIQUE INDEX applications_live_credit_code ON applications (kind, credit_code)
  WHERE state IN ('submitted', 'operator_approved') AND credit_code IS NOT NULL;
CREATE INDEX applications_queue ON applications (kind, state, submitted_at DESC);
CREATE INDEX applications_applicant ON applications (applicant_id, kind, submitted_at DESC);
CREATE INDEX applications_name ON applications (company_name);

CREATE TABLE application_history (
  id bigserial PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES applications (id),
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  actor_id uuid NOT NULL,
  actor_role text NOT NULL,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_history_app ON application_history (application_id, id);

-- QUA-7: which uploads an application carries, so its reviewers may read them
CREATE TABLE application_files (
  application_id uuid NOT NULL REFERENCES applications (id),
  file_id uuid NOT NULL,
  purpose text NOT NULL,
  PRIMARY KEY (application_id, file_id)
);
CREATE INDEX application_files_file ON application_files (file_id);

-- The certified companies: the one owner of company data (QUA-9)
CREATE TABLE companies (
  company_id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('enterprise', 'provider')),
  state text NOT NULL CHECK (state IN ('certified', 'revoked')),
  company_name text NOT NULL,
  credit_code text NOT NULL,
  district text,
  size text,
  data jsonb NOT NULL,
  application_id uuid NOT NULL REFERENCES applications (id),
  certified_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- QUA-1: a credit code is certified for one account only
CREATE UNIQUE INDEX companies_credit_code ON companies (kind, credit_code) WHERE state = 'certified';

-- QUA-4: a qualification per enterprise and programme year
CREATE TABLE voucher_qualifications (
  enterprise_id uuid NOT NULL,
  year int NOT NULL,
  state text NOT NULL CHECK (state IN ('approved', 'revoked')),
  data jsonb NOT NULL,
  application_id uuid NOT NULL REFERENCES applications (id),
  approved_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enterprise_id, year)
);

-- QUA-3: the eligible-provider directory (名录), looked up by full name
CREATE TABLE provider_directory (
  name text PRIMARY KEY,
  credit_code text,
  region text,
  imported_at timestamptz NOT NULL DEFAULT now()
);
