import { scheduler } from '@voucher/contracts';
import { route, type RouteDef } from '../http/route-table.ts';

/** API.md § Administration: the scheduler's jobs and their runs (DOMAIN §9). */
export const schedulerRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/admin/jobs',
    tags: ['admin'],
    summary: 'The scheduled jobs, when they run and how their last run went (DOMAIN §9)',
    command: scheduler.listJobs,
    payload: () => ({}),
  }),
  route({
    method: 'GET',
    url: '/admin/jobs/runs',
    tags: ['admin'],
    summary: 'Job runs that did something or failed, newest first; filter by job and start time (DOMAIN §9)',
    query: scheduler.listRuns.request,
    command: scheduler.listRuns,
    payload: ({ query }) => query,
  }),
  route({
    method: 'POST',
    url: '/admin/jobs/:name/run',
    tags: ['admin'],
    summary:
      'Run a job now, under the same lock as its ticks; answers its run, recorded as manual with the admin ' +
      '(409 INVALID_STATE while a run of it is going, 404 for an unknown job) (DOMAIN §9)',
    params: scheduler.runJob.request,
    command: scheduler.runJob,
    payload: ({ params }) => params,
  }),
];
