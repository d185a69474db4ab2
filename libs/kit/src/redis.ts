import { Redis } from 'ioredis';

export type { Redis };

/** One Redis client whose every key carries the run's prefix (A10a isolation). */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableAutoPipelining: true });
}
