import { randomBytes } from 'node:crypto';
import type { Redis } from '@voucher/kit';

const key = (id: string) => `login:challenge:${id}`;

/**
 * A7: a platform role's password was right and its second factor is awaited.
 * The challenge names the user for as long as the SMS code lives; it is
 * random (192 bits), so it cannot be guessed, and it is spent by a success.
 */
export function loginChallengeStore(redis: Redis, ttlSeconds: number) {
  return {
    async open(userId: string): Promise<string> {
      const id = randomBytes(24).toString('base64url');
      await redis.set(key(id), userId, 'EX', ttlSeconds);
      return id;
    },
    /** The user whose second factor the challenge awaits, or null when it expired or was spent. */
    userOf(id: string): Promise<string | null> {
      return redis.get(key(id));
    },
    async close(id: string): Promise<void> {
      await redis.del(key(id));
    },
  };
}
export type LoginChallengeStore = ReturnType<typeof loginChallengeStore>;
