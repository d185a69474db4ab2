import type { Generated } from 'kysely';
import type { RunOutcome, RunTrigger } from '../domain/job.ts';

/** The scheduler schema as Kysely sees it (migrations/ is the source of truth). */
export interface SchedulerDb {
  job_runs: {
    id: Generated<number>;
    job: string;
    started_at: Date;
    finished_at: Date;
    outcome: RunOutcome;
    detail: Record<string, unknown>;
    /** migration 002: `manual` when an admin ran it now, with that admin's user id */
    trigger: Generated<RunTrigger>;
    started_by: string | null;
  };
  jobs: {
    name: string;
    last_run_at: Date;
    last_outcome: RunOutcome;
  };
}
