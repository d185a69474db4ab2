import type { Bus, RequestContext } from '@voucher/bus';
import { AppError, announcements, files, lottery, notifications, orders, wallet } from '@voucher/contracts';
import type { Logger } from '@voucher/kit';
import type { Job } from './domain/job.ts';

/** What a job gets to do its work: the bus, and the request context of this run (its own request id). */
interface JobContext {
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
  // every "do what is due" command shares this shape: `{}` in, `{ done, failed }` out (contracts' dueReply)
  command: typeof lottery.drawDue | typeof announcements.announceDue,
): SchedulerJob {
  return {
    name,
    description,
    schedule: 'every tick (SCHEDULER_TICK_CRON, each second by default)',
    lockMs: LOTTERY_LOCK_MS,
    run: ({ bus, request }) => bus.request(command, {}, request, { timeoutMs: LOTTERY_TIMEOUT_MS }),
  };
}

/** A periodic job whose command answers how many things it ended (vouchers, orders): a count worth recording. */
function countingJob(
  name: string,
  description: string,
  schedule: string,
  cron: string,
  command:
    | typeof wallet.expireDue
    | typeof wallet.reclaimDue
    | typeof wallet.remindDue
    | typeof orders.remindContractsDue
    | typeof orders.autoEvaluateDue
    | typeof orders.cancelOverdueContracts
    | typeof files.cleanUnattached
    | typeof notifications.sweepExpired,
): SchedulerJob {
  return {
    name,
    description,
    schedule,
    cron,
    lockMs: LOTTERY_LOCK_MS,
    run: ({ bus, request }) => bus.request(command, {}, request) as Promise<Record<string, unknown>>,
  };
}

/**
 * The scheduler's jobs (DOMAIN §9). Adding one is one entry here: a name, what
 * it does, when, its lock time, and a run that asks the owning service over
 * the bus.
 */
export const jobs: readonly SchedulerJob[] = [
  dueCommandJob('draw-due-batches', 'Draws every lottery batch whose draw time has passed (LOT-5)', lottery.drawDue),
  dueCommandJob(
    'publish-due-results',
    'Publishes every drawn batch whose publication time has passed (LOT-7)',
    lottery.publishDue,
  ),
  dueCommandJob(
    'announce-opened-campaigns',
    'Announces every campaign whose reservation window has opened to the enterprises qualified for its year (LOT-2/3, issue 18 item 2)',
    lottery.announceOpenedDue,
  ),
  dueCommandJob(
    'announce-due-announcements',
    'Announces every programme notice whose publication time has come to the users who opted in (issue 18 item 2)',
    announcements.announceDue,
  ),
  countingJob(
    'expire-vouchers',
    'Expires vouchers past their validity, with their - entry (WAL-6)',
    'every minute',
    '0 * * * * *',
    wallet.expireDue,
  ),
  countingJob(
    'reclaim-vouchers',
    'Reclaims drawn vouchers untouched WALLET_RECLAIM_DAYS after publication (WAL-6)',
    'every hour',
    '0 0 * * * *',
    wallet.reclaimDue,
  ),
  countingJob(
    'remind-expiring-vouchers',
    'Reminds each available voucher 7 days and again 1 day before it expires or is reclaimed unused (issue 18, WAL-6)',
    'every hour at :15',
    '0 15 * * * *',
    wallet.remindDue,
  ),
  countingJob(
    'cancel-overdue-contracts',
    'Cancels orders without a contract contractDeadlineDays after their vouchers were issued and reclaims the vouchers (ORD-5)',
    'every hour at :10',
    '0 10 * * * *',
    orders.cancelOverdueContracts,
  ),
  countingJob(
    'remind-contract-deadlines',
    'Reminds each order without its contract 7 days and again 1 day before it is cancelled for it (issue 18, ORD-5)',
    'every hour at :12',
    '0 12 * * * *',
    orders.remindContractsDue,
  ),
  countingJob(
    'auto-evaluate-orders',
    'Evaluates "good" the orders completed autoEvaluationDays ago and not evaluated (ORD-7)',
    'every hour at :05',
    '0 5 * * * *',
    orders.autoEvaluateDue,
  ),
  countingJob(
    'clean-unattached-uploads',
    'Removes uploads that no record cites a day after they were made: condemned first, deleted after a grace (API.md § Files)',
    'every hour at :20',
    '0 20 * * * *',
    files.cleanUnattached,
  ),
  countingJob(
    'sweep-notifications',
    'Deletes the inbox messages kept their year, and their texts (issue 18)',
    'every day at 04:10',
    '0 10 4 * * *',
    notifications.sweepExpired,
  ),
  {
    name: 'verify-ledger',
    description: "Checks the wallet ledger's identities (WAL-3); a broken one fails the run and is logged as an alert",
    schedule: 'every day at 03:30',
    cron: '0 30 3 * * *',
    lockMs: LOTTERY_LOCK_MS,
    run: async ({ bus, request }) => {
      const report = await bus.request(wallet.integrity, {}, request);
      if (!report.ok) {
        throw new AppError('INTERNAL', `ledger identities broken: ${report.mismatches.length} vouchers`, {
          mismatches: report.mismatches.slice(0, 20),
          totals: report.totals,
        });
      }
      return { vouchers: report.vouchers, totals: report.totals };
    },
  },
];
