import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Bus } from '@voucher/bus';
import { systemCaller, type Caller } from '@voucher/contracts';
import type { Logger, Redis } from '@voucher/kit';
import { failureDetail, judge, type JobDetail, type RunOutcome } from './domain/job.ts';
import type { SchedulerJob } from './jobs.ts';
import { jobLocks, type Claim } from './lock.ts';
import { recordRun, type RunRow } from './store/runs.ts';
import type { SchedulerDb } from './store/schema.ts';

/** Who the jobs' requests come from: the system itself (DOMAIN §1, role `scheduler`). */

type TickResult =
  | { job: string; status: 'ran'; outcome: RunOutcome; detail: JobDetail }
  /** held: its previous run is still going; taken: another replica has this due time; no-lock: Redis failed */
  | { job: string; status: 'held' | 'taken' | 'no-lock' };

/**
 * A run an admin asked for now: `ran` with its recorded run; `held` while a
 * run of the job is going (a tick's, or another by hand); `no-lock` when Redis
 * failed; `stopping` when this replica is shutting down.
 */
type ManualRunResult = { status: 'ran'; run: RunRow } | { status: 'held' | 'no-lock' | 'stopping' };

export interface RunnerDeps {
  jobs: readonly SchedulerJob[];
  bus: Bus;
  redis: Redis;
  db: Kysely<SchedulerDb>;
  logger: Logger;
}

export interface Runner {
  /** Runs the given jobs (all by default) for one due time, each under its lock; resolves when they are done. */
  tick(due?: Date, jobs?: readonly SchedulerJob[]): Promise<TickResult[]>;
  /**
   * Runs one job now for an admin (svc.scheduler.runJob), under the same lock
   * as its ticks, and records the run whatever it did, as `manual` by `by`.
   * `requestId` is the admin's request, logged beside the job's own.
   */
  runNow(job: SchedulerJob, by: { caller: Caller; requestId: string }): Promise<ManualRunResult>;
  /** Takes no more ticks and waits for the ones running (graceful stop). */
  stop(): Promise<void>;
}

export function createRunner({ jobs: allJobs, bus, redis, db, logger }: RunnerDeps): Runner {
  const locks = jobLocks(redis);
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  function track<T>(work: Promise<T>): Promise<T> {
    running.add(work);
    const forget = () => running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Runs the job under a claim we hold, records the run and releases the claim. */
  async function execute(
    job: SchedulerJob,
    claim: Extract<Claim, { status: 'ours' }>,
    due: Date,
    log: Logger,
    by?: Caller,
  ): Promise<{ outcome: RunOutcome; detail: JobDetail; row: RunRow | undefined }> {
    const startedAt = new Date();
    const request = { requestId: uuidv7(), caller: systemCaller };
    let detail: JobDetail;
    let outcome: RunOutcome;
    let record: boolean;
    try {
      detail = await job.run({ bus, request, due, log: log.child({ requestId: request.requestId }) });
      ({ outcome, record } = judge(detail));
      if (record) log.info({ detail, outcome }, 'job did work');
    } catch (err) {
      // TIMEOUT, UNAVAILABLE (the owner is down), ...: recorded, and the next tick tries again (jobs are idempotent)
      detail = failureDetail(err);
      outcome = 'failed';
      record = true;
      const { code, message } = detail.error as { code: string; message: string };
      log.warn({ errorCode: code, reason: message }, 'job failed; the next tick tries again');
    }
    // a run by hand is always recorded: the admin asked for it, and reads its answer
    if (by) record = true;
    let row: RunRow | undefined;
    try {
      row = await recordRun(db, { job: job.name, startedAt, finishedAt: new Date(), outcome, detail, record, by });
    } catch (err) {
      log.error({ err }, 'could not record the job run');
      if (by) throw err;
    } finally {
      await claim.release().catch((err: unknown) => log.warn({ err }, 'could not release the job lock'));
    }
    return { outcome, detail, row };
  }

  async function runJob(job: SchedulerJob, due: Date): Promise<TickResult> {
    const log = logger.child({ job: job.name, due: due.toISOString() });
    let claim;
    try {
      claim = await locks.claim(job.name, due, job.lockMs);
    } catch (err) {
      // without the lock a run could be doubled: skip, the next tick tries again
      log.warn({ err }, 'job lock unavailable; skipped');
      return { job: job.name, status: 'no-lock' };
    }
    if (claim.status !== 'ours') return { job: job.name, status: claim.status };
    const { outcome, detail } = await execute(job, claim, due, log);
    return { job: job.name, status: 'ran', outcome, detail };
  }

  async function runByHand(
    job: SchedulerJob,
    { caller, requestId }: { caller: Caller; requestId: string },
  ): Promise<ManualRunResult> {
    const asked = new Date();
    const log = logger.child({ job: job.name, manual: true, by: caller.userId, byRequestId: requestId });
    let claim;
    try {
      claim = await locks.hold(job.name, job.lockMs);
    } catch (err) {
      log.warn({ err }, 'job lock unavailable; not run');
      return { status: 'no-lock' };
    }
    if (claim.status !== 'ours') return { status: claim.status };
    log.info('job run by hand');
    const { row } = await execute(job, claim, asked, log, caller);
    return { status: 'ran', run: row! };
  }

  return {
    tick(due = new Date(), jobs = allJobs) {
      if (stopped) return Promise.resolve([]);
      // jobs side by side: a long draw must not hold up the publication of another batch
      return track(Promise.all(jobs.map((job) => runJob(job, due))));
    },
    runNow(job, by) {
      if (stopped) return Promise.resolve({ status: 'stopping' });
      return track(runByHand(job, by));
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...running]);
    },
  };
}
