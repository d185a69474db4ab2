import { randomBytes } from 'node:crypto';
import type { Redis } from '@voucher/kit';

/**
 * `ours`: this replica runs the job for this due time and must release.
 * `held`: a run of the job is still going (here or on another replica).
 * `taken`: another replica already claimed this due time (or a later one).
 */
export type Claim = { status: 'ours'; release(): Promise<void> } | { status: 'held' | 'taken' };

/**
 * Two keys per job (DOMAIN §9: each job runs once per due time, even with
 * several replicas, ARCHITECTURE A1/A8):
 * - `scheduler:lock:<job>` (SET NX PX, a random token): a run is going. Its
 *   expiry bounds how long a crashed replica can hold the job.
 * - `scheduler:due:<job>`: the latest due time claimed. Replicas' clocks and
 *   timers differ by a few milliseconds: without it, a run that ends quickly
 *   releases the lock before a slower replica's timer fires for the same
 *   second, and the job runs twice for one due time.
 * Both are checked and set in one script, so no replica sees half a claim.
 */
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'held' end
local last = tonumber(redis.call('GET', KEYS[2]) or '-1')
if last ~= nil and last >= tonumber(ARGV[3]) then return 'taken' end
redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
return 'ours'
`;

/** Deletes the lock only while it still holds our token: an expired lock may already be another run's. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** The due watermark only has to outlive replicas' clock skew and pauses; a day is plenty. */
const DUE_TTL_MS = 24 * 3600 * 1000;

export const lockKey = (job: string) => `scheduler:lock:${job}`;
const dueKey = (job: string) => `scheduler:due:${job}`;

export interface JobLocks {
  claim(job: string, due: Date, lockMs: number): Promise<Claim>;
  /**
   * The lock alone, for a run an admin asks for now (no due time): `held`
   * while a tick's run, or another run by hand, is going. The due watermark is
   * left alone, so the job's next due time still runs.
   */
  hold(job: string, lockMs: number): Promise<Extract<Claim, { status: 'ours' }> | { status: 'held' }>;
}

/** `redis` is the service's client, already key-prefixed (REDIS_PREFIX). */
export function jobLocks(redis: Redis): JobLocks {
  const releaser = (job: string, token: string) => async () => {
    await redis.eval(RELEASE, 1, lockKey(job), token);
  };
  return {
    async claim(job, due, lockMs) {
      const token = randomBytes(16).toString('hex');
      const status = (await redis.eval(
        CLAIM,
        2,
        lockKey(job),
        dueKey(job),
        token,
        String(lockMs),
        String(due.getTime()),
        String(DUE_TTL_MS),
      )) as 'ours' | 'held' | 'taken';
      if (status !== 'ours') return { status };
      return { status, release: releaser(job, token) };
    },
    async hold(job, lockMs) {
      const token = randomBytes(16).toString('hex');
      const set = await redis.set(lockKey(job), token, 'PX', lockMs, 'NX');
      if (set !== 'OK') return { status: 'held' };
      return { status: 'ours', release: releaser(job, token) };
    },
  };
}
