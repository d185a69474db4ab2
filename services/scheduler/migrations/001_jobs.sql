-- DOMAIN §9: what the jobs did, for admins (GET /admin/jobs/runs). A row only
-- when a run did something or failed: the quiet tick every second leaves none.
CREATE TABLE job_runs (
  id bigserial PRIMARY KEY,
  job text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'failed')),
  detail jsonb NOT NULL DEFAULT '{}'
);
-- one job's runs, newest first; the unfiltered list has its own
CREATE INDEX job_runs_job_started ON job_runs (job, started_at DESC);
CREATE INDEX job_runs_started ON job_runs (started_at DESC);

-- DOMAIN §9: every tick that ran a job, quiet or not, so admins see the scheduler is alive (GET /admin/jobs)
CREATE TABLE jobs (
  name text PRIMARY KEY,
  last_run_at timestamptz NOT NULL,
  last_outcome text NOT NULL CHECK (last_outcome IN ('ok', 'failed'))
);
