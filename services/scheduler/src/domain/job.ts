import { AppError } from '@voucher/contracts';

/** What a run did, as admins read it in `GET /admin/jobs/runs` (a JSON object). */
export type JobDetail = Record<string, unknown>;

export type RunOutcome = 'ok' | 'failed';

/** What started a run: its due time came (`tick`), or an admin ran it now (`manual`). */
export type RunTrigger = 'tick' | 'manual';

/**
 * One timed job (DOMAIN §9). Jobs are idempotent by contract: running one twice
 * changes nothing the second time. So the scheduler never needs to deliver a
 * run: a tick that fails is simply tried again at the next tick, and the lock
 * only has to keep two runs of a job from overlapping.
 */
export interface Job<Ctx> {
  /** stable: the lock key, the runs' `job` column, the admins' filter */
  name: string;
  description: string;
  /** when it runs, in words, for admins */
  schedule: string;
  /** its own node-cron pattern (a seconds field is allowed); the scheduler's tick when absent */
  cron?: string;
  /**
   * How long its lock may be held. Longer than its longest run (its request
   * timeout included), so a live run is never doubled; bounded, so a replica
   * that dies mid-run frees the job after at most this long.
   */
  lockMs: number;
  run(ctx: Ctx): Promise<JobDetail>;
}

export interface Verdict {
  outcome: RunOutcome;
  /** whether the run deserves a row in job_runs; every tick that ran updates `jobs` anyway */
  record: boolean;
}

/**
 * A run did something when its detail lists something (a non-empty array) or
 * counts something (a number above zero): `{ done: [], failed: [] }` is the
 * quiet tick that runs every second and is not worth a row.
 */
export function didWork(detail: JobDetail): boolean {
  return Object.values(detail).some((v) => (Array.isArray(v) ? v.length > 0 : typeof v === 'number' && v > 0));
}

/**
 * Items a job reports as `failed` make the run `failed`: they stay due, the
 * next tick retries them, and the admins must see that something needs them.
 */
export function judge(detail: JobDetail): Verdict {
  const failedItems = Array.isArray(detail.failed) && detail.failed.length > 0;
  return { outcome: failedItems ? 'failed' : 'ok', record: didWork(detail) };
}

/** A run that threw: always recorded, with the error code (TIMEOUT, UNAVAILABLE, ...) and its message. */
export function failureDetail(err: unknown): JobDetail {
  if (err instanceof AppError) return { error: { code: err.code, message: err.message } };
  return { error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
}
