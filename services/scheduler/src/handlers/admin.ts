import type { Kysely } from 'kysely';
import { requireRole, type Bus } from '@voucher/bus';
import { AppError, scheduler, type ReplyOf } from '@voucher/contracts';
import type { SchedulerJob } from '../jobs.ts';
import type { Runner } from '../runner.ts';
import { jobRows, listRuns, type RunRow } from '../store/runs.ts';
import type { SchedulerDb } from '../store/schema.ts';

export interface AdminDeps {
  db: Kysely<SchedulerDb>;
  jobs: readonly SchedulerJob[];
  /** runs a job now for an admin, under the same lock as the ticks */
  runner: Runner;
}

type RunView = ReplyOf<typeof scheduler.runJob>;

function runView(r: RunRow): RunView {
  return {
    id: Number(r.id),
    job: r.job,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at.toISOString(),
    outcome: r.outcome,
    detail: r.detail,
    trigger: r.trigger,
    startedBy: r.started_by,
  };
}

/** API.md § Administration: the jobs and their runs are for admins only. */
export function registerAdminHandlers(bus: Bus, { db, jobs, runner }: AdminDeps): void {
  // DOMAIN §9: the jobs this build knows, with the last tick that ran each (a job never run yet shows nulls)
  bus.handle(scheduler.listJobs, async (_req, ctx) => {
    requireRole(ctx, 'admin');
    const last = await jobRows(db);
    return {
      items: jobs.map((job) => {
        const row = last.get(job.name);
        return {
          name: job.name,
          description: job.description,
          schedule: job.schedule,
          lastRunAt: row?.last_run_at.toISOString() ?? null,
          lastOutcome: row?.last_outcome ?? null,
        };
      }),
    };
  });

  bus.handle(scheduler.listRuns, async (query, ctx) => {
    requireRole(ctx, 'admin');
    const { rows, total } = await listRuns(db, query);
    return { items: rows.map(runView), page: query.page, pageSize: query.pageSize, total };
  });

  // DOMAIN §9: an admin runs a job now instead of waiting for its due time; never beside a run of it already going
  bus.handle(scheduler.runJob, async ({ name }, ctx) => {
    const caller = requireRole(ctx, 'admin');
    const job = jobs.find((j) => j.name === name);
    if (!job) throw new AppError('NOT_FOUND', `no job named ${name}`);
    const result = await runner.runNow(job, { caller, requestId: ctx.requestId });
    switch (result.status) {
      case 'ran':
        return runView(result.run);
      case 'held':
        throw new AppError('INVALID_STATE', `${name} is running already; try again once its run has ended`, {
          job: name,
          reason: 'running',
        });
      case 'no-lock':
        throw new AppError('UNAVAILABLE', `${name} cannot be locked now (Redis); try again`);
      case 'stopping':
        throw new AppError('UNAVAILABLE', 'the scheduler is stopping; try again');
    }
  });
}
