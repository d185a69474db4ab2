-- DOMAIN §9: an admin may run a job now (svc.scheduler.runJob, POST /admin/jobs/:name/run).
-- Such a run is always recorded, marked `manual` with the admin who asked; a
-- tick's run is `tick` and has nobody. The runs recorded before are ticks.
ALTER TABLE job_runs
  ADD COLUMN trigger text NOT NULL DEFAULT 'tick' CHECK (trigger IN ('tick', 'manual')),
  ADD COLUMN started_by uuid,
  ADD CONSTRAINT job_runs_started_by CHECK ((trigger = 'manual') = (started_by IS NOT NULL));
