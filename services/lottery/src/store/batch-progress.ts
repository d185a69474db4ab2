import type { BatchProgress } from '@voucher/contracts';
import type { Redis } from '@voucher/kit';

/** How long a finished draw's or publication's progress stays to be read. */
const KEPT_SECONDS = 3_600;

const progressKey = (batchId: string) => `lottery:batch-progress:${batchId}`;

type Stored = Omit<BatchProgress, 'batchId'>;

/**
 * Where a batch's draw or publication stands (issue 19), in Redis, so the
 * approver's page reads it through any lottery replica while another one
 * works inside its transaction, where PostgreSQL shows nothing until commit.
 */
export function batchProgressStore(redis: Redis) {
  return {
    async write(batchId: string, progress: Stored): Promise<void> {
      await redis.set(progressKey(batchId), JSON.stringify(progress), 'EX', KEPT_SECONDS);
    },
    async read(batchId: string): Promise<Stored | null> {
      const raw = await redis.get(progressKey(batchId));
      return raw === null ? null : (JSON.parse(raw) as Stored);
    },
    async forget(batchId: string): Promise<void> {
      await redis.del(progressKey(batchId));
    },
  };
}
export type BatchProgressStore = ReturnType<typeof batchProgressStore>;
