import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Bus } from '@voucher/bus';
import { systemCaller } from '@voucher/contracts';
import type { Logger, Redis } from '@voucher/kit';
import { failureDetail, judge, type JobDetail, type RunOutcome } from './domain/job.ts';
import type { SchedulerJob } from './jobs.ts';
import { jobLocks } from './lock.ts';
import { recordRun } from './store/runs.ts';
import type { SchedulerDb } from './store/schema.ts';

/** Who the jobs' requests come from: the system itself (DOMAIN §1, role `scheduler`). */

export type TickResult =
  | { job: string; status: 'ran'; outcome: RunOutcome; detail: JobDetail }
  /** held: its previous run is still going; taken: another replica has this due time; no-lock: Redis failed */
  | { job: string; status: 'held' | 'taken' | 'no-lock' };

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
  /** Takes no more ticks and waits for the ones running (graceful stop). */
  stop(): Promise<void>;
}

export function createRunner({ jobs: allJobs, bus, redis, db, logger }: RunnerDeps): Runner {
  const locks = jobLocks(redis);
  const running = new Set<Promise<unknown>>();
  let stopped = false;

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
    try {
      await recordRun(db, { job: job.name, startedAt, finishedAt: new Date(), outcome, detail, record });
    } catch (err) {
      log.error({ err }, 'could not record the job run');
    } finally {
      await claim.release().catch((err: unknown) => log.warn({ err }, 'could not release the job lock'));
    }
    return { job: job.name, status: 'ran', outcome, detail };
  }

  return {
    tick(due = new Date(), jobs = allJobs) {
      if (stopped) return Promise.resolve([]);
      // jobs side by side: a long draw must not hold up the publication of another batch
      const work = Promise.all(jobs.map((job) => runJob(job, due)));
      running.add(work);
      const forget = () => running.delete(work);
      work.then(forget, forget);
      return work;
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...running]);
    },
  };
}
