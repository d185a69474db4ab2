import type { Redis } from '@voucher/kit';
import { FAILURE_WINDOW_SECONDS } from '../domain/login-gate.ts';

const failKey = (subject: string) => `login:fail:${subject}`;
const lockKey = (subject: string) => `login:lock:${subject}`;

/**
 * ID-3 counters, kept in Redis so every identity replica sees the same count.
 * The subject is the user id, or the typed account when nobody has it.
 */
export function loginAttemptStore(redis: Redis) {
  return {
    async read(subject: string): Promise<{ failures: number; lockedUntilEpochSeconds: number | null }> {
      const [failures, lockedUntil] = await redis.mget(failKey(subject), lockKey(subject));
      return {
        failures: Number(failures ?? 0),
        lockedUntilEpochSeconds: lockedUntil ? Number(lockedUntil) : null,
      };
    },

    /** Counts one more failure inside the 15-minute window; returns the count including it. */
    async fail(subject: string): Promise<number> {
      const [[, n]] = (await redis
        .multi()
        .incr(failKey(subject))
        .expire(failKey(subject), FAILURE_WINDOW_SECONDS, 'NX')
        .exec()) as [[Error | null, number]];
      return n;
    },

    async lock(subject: string, seconds: number): Promise<number> {
      const until = Math.floor(Date.now() / 1000) + seconds;
      await redis.multi().set(lockKey(subject), String(until), 'EX', seconds).del(failKey(subject)).exec();
      return until;
    },

    async clear(subject: string): Promise<void> {
      await redis.del(failKey(subject));
    },
  };
}
export type LoginAttemptStore = ReturnType<typeof loginAttemptStore>;
