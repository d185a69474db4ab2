import type { Generated } from 'kysely';
import type { RunOutcome } from '../domain/job.ts';

/** The scheduler schema as Kysely sees it (migrations/ is the source of truth). */
export interface SchedulerDb {
  job_runs: {
    id: Generated<number>;
    job: string;
    started_at: Date;
    finished_at: Date;
    outcome: RunOutcome;
    detail: Record<string, unknown>;
  };
  jobs: {
    name: string;
    last_run_at: Date;
    last_outcome: RunOutcome;
  };
}
