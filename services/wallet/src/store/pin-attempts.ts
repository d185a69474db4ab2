import type { Redis } from '@voucher/kit';
import { PIN_LOCK_SECONDS, PIN_MAX_FAILURES } from '../domain/pin.ts';

const failKey = (id: string) => `pin:fail:${id}`;
const lockKey = (id: string) => `pin:lock:${id}`;

/** WAL-2's counter in Redis, so every wallet replica (and so every gateway) sees the same lock. */
export function pinAttempts(redis: Redis) {
  return {
    /** each enterprise's lock, if any, and the wrong PINs counted so far: one round trip for any number of them */
    async standings(enterpriseIds: string[]): Promise<{ lockedUntil: Date | null; failures: number }[]> {
      const values = await redis.mget(enterpriseIds.flatMap((id) => [lockKey(id), failKey(id)]));
      return enterpriseIds.map((_, i) => {
        const [until, failures] = [values[2 * i], values[2 * i + 1]];
        return { lockedUntil: until ? new Date(Number(until) * 1000) : null, failures: Number(failures ?? 0) };
      });
    },
    /** counts a wrong PIN; returns how many tries are left, 0 meaning it is now locked */
    async fail(enterpriseId: string): Promise<{ attemptsLeft: number; lockedUntil: Date | null }> {
      const [[, n]] = (await redis
        .multi()
        .incr(failKey(enterpriseId))
        .expire(failKey(enterpriseId), PIN_LOCK_SECONDS, 'NX')
        .exec()) as [[Error | null, number]];
      if (n < PIN_MAX_FAILURES) return { attemptsLeft: PIN_MAX_FAILURES - n, lockedUntil: null };
      const until = Math.floor(Date.now() / 1000) + PIN_LOCK_SECONDS;
      await redis
        .multi()
        .set(lockKey(enterpriseId), String(until), 'EX', PIN_LOCK_SECONDS)
        .del(failKey(enterpriseId))
        .exec();
      return { attemptsLeft: 0, lockedUntil: new Date(until * 1000) };
    },
    async clear(enterpriseId: string): Promise<void> {
      await redis.del(failKey(enterpriseId), lockKey(enterpriseId));
    },
  };
}
export type PinAttempts = ReturnType<typeof pinAttempts>;
