import type { Bus, RequestContext } from '@voucher/bus';
import { lottery } from '@voucher/contracts';
import type { Logger } from '@voucher/kit';
import type { Job } from './domain/job.ts';

/** What a job gets to do its work: the bus, and the request context of this run (its own request id). */
export interface JobContext {
  bus: Bus;
  request: RequestContext;
  /** the due time of the tick that started the run */
  due: Date;
  log: Logger;
}

export type SchedulerJob = Job<JobContext>;

/** A big draw takes ~10 s; the lottery gets 120 s to answer, the lock outlives that (see Job.lockMs). */
const LOTTERY_TIMEOUT_MS = 120_000;
const LOTTERY_LOCK_MS = 150_000;

/** A job that asks the owning service to do whatever has fallen due: the service knows what "due" means. */
function dueCommandJob(
  name: string,
  description: string,
  // every "do what is due" command shares this shape: `{}` in, `{ done, failed }` out
  command: typeof lottery.drawDue,
): SchedulerJob {
  return {
    name,
    description,
    schedule: 'every tick (SCHEDULER_TICK_CRON, each second by default)',
    lockMs: LOTTERY_LOCK_MS,
    run: ({ bus, request }) => bus.request(command, {}, request, { timeoutMs: LOTTERY_TIMEOUT_MS }),
  };
}

/**
 * The scheduler's jobs (DOMAIN §9). Adding one is one entry here: a name, what
 * it does, when, its lock time, and a run that asks the owning service over
 * the bus. Still to come with their issues: expire vouchers and reclaim unused
 * ones (WAL-6), cancel orders without a contract (ORD-5), auto-evaluate
 * (ORD-7), verify the ledger identities (WAL-3).
 */
export const jobs: readonly SchedulerJob[] = [
  dueCommandJob('draw-due-batches', 'Draws every lottery batch whose draw time has passed (LOT-5)', lottery.drawDue),
  dueCommandJob(
    'publish-due-results',
    'Publishes every drawn batch whose publication time has passed (LOT-7)',
    lottery.publishDue,
  ),
];
