import type { Kysely } from 'kysely';
import type { Bus, HandlerContext } from '@voucher/bus';
import { AppError, scheduler } from '@voucher/contracts';
import type { SchedulerJob } from '../jobs.ts';
import { jobRows, listRuns } from '../store/runs.ts';
import type { SchedulerDb } from '../store/schema.ts';

export interface AdminDeps {
  db: Kysely<SchedulerDb>;
  jobs: readonly SchedulerJob[];
}

/** API.md § Administration: the jobs and their runs are for admins only. */
function requireAdmin(ctx: HandlerContext): void {
  if (!ctx.caller) throw new AppError('UNAUTHENTICATED', 'log in first');
  if (ctx.caller.role !== 'admin') throw new AppError('FORBIDDEN', 'only for: admin');
}

export function registerAdminHandlers(bus: Bus, { db, jobs }: AdminDeps): void {
  // DOMAIN §9: the jobs this build knows, with the last tick that ran each (a job never run yet shows nulls)
  bus.handle(scheduler.listJobs, async (_req, ctx) => {
    requireAdmin(ctx);
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
    requireAdmin(ctx);
    const { rows, total } = await listRuns(db, query);
    return {
      items: rows.map((r) => ({
        id: r.id,
        job: r.job,
        startedAt: r.started_at.toISOString(),
        finishedAt: r.finished_at.toISOString(),
        outcome: r.outcome,
        detail: r.detail,
      })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  });
}
