import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '@voucher/db';
import type { Caller } from '@voucher/contracts';
import type { JobDetail, RunOutcome } from '../domain/job.ts';
import type { SchedulerDb } from './schema.ts';

type Db = Kysely<SchedulerDb>;
export type RunRow = Selectable<SchedulerDb['job_runs']>;
export type JobRow = Selectable<SchedulerDb['jobs']>;

export interface FinishedRun {
  job: string;
  startedAt: Date;
  finishedAt: Date;
  outcome: RunOutcome;
  detail: JobDetail;
  /** false for a quiet run: only `jobs` learns of it */
  record: boolean;
  /** the admin who ran it now (svc.scheduler.runJob); absent for a tick */
  by?: Caller;
}

/**
 * One run of one job: its run row when it deserves one (returned), and always
 * the job's last run. A run by hand is recorded as `manual` with its admin,
 * and audited, in the same transaction.
 */
export async function recordRun(db: Db, run: FinishedRun): Promise<RunRow | undefined> {
  return db.transaction().execute(async (trx) => {
    let row: RunRow | undefined;
    if (run.record) {
      row = await trx
        .insertInto('job_runs')
        .values({
          job: run.job,
          started_at: run.startedAt,
          finished_at: run.finishedAt,
          outcome: run.outcome,
          detail: JSON.stringify(run.detail) as never,
          ...(run.by && { trigger: 'manual' as const, started_by: run.by.userId }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    if (run.by) {
      await recordAudit(trx, {
        entity: 'job',
        entityId: run.job,
        action: 'run_now',
        actor: { userId: run.by.userId, role: run.by.role },
        toState: run.outcome,
        reason: row ? `job_runs ${row.id}` : null,
      });
    }
    await trx
      .insertInto('jobs')
      .values({ name: run.job, last_run_at: run.startedAt, last_outcome: run.outcome })
      .onConflict((oc) =>
        // a late writer (a slow replica's older run) never moves the job back in time
        oc
          .column('name')
          .doUpdateSet({ last_run_at: run.startedAt, last_outcome: run.outcome })
          .where('jobs.last_run_at', '<=', run.startedAt),
      )
      .execute();
    return row;
  });
}

export async function jobRows(db: Db): Promise<Map<string, JobRow>> {
  const rows = await db.selectFrom('jobs').selectAll().execute();
  return new Map(rows.map((r) => [r.name, r]));
}

export interface RunQuery {
  page: number;
  pageSize: number;
  job?: string;
  from?: string;
  to?: string;
}

/** Runs newest first; `from` and `to` bound the start time, both inclusive. */
export async function listRuns(db: Db, q: RunQuery): Promise<{ rows: RunRow[]; total: number }> {
  let base = db.selectFrom('job_runs');
  if (q.job !== undefined) base = base.where('job', '=', q.job);
  if (q.from !== undefined) base = base.where('started_at', '>=', new Date(q.from));
  if (q.to !== undefined) base = base.where('started_at', '<=', new Date(q.to));
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
