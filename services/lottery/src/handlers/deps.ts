import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { Logger } from '@voucher/kit';
import type { BlobStorage } from '@voucher/storage';
import type { LotteryMetrics } from '../metrics.ts';
import type { BatchProgressStore } from '../store/batch-progress.ts';
import type { DB as LotteryDb } from '../store/db.ts';
import type { GrabStock } from '../store/grab-stock.ts';

export interface LotteryDeps {
  db: Kysely<LotteryDb>;
  bus: Bus;
  logger: Logger;
  storage: BlobStorage;
  timeZone: string;
  /** wins per chunked event (LOT-8) */
  winsPerEvent: number;
  metrics: LotteryMetrics;
  /** where a draw or a publication stands (issue 19) */
  progress: BatchProgressStore;
  /** a first-come category's stock and claimants in Redis (LOT-9) */
  grabStock: GrabStock;
}
