import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { Logger } from '@voucher/kit';
import type { BlobStorage } from '@voucher/storage';
import type { CjkFont } from '../store/form-files.ts';
import type { DB as SettlementDb } from '../store/db.ts';

export interface SettlementDeps {
  db: Kysely<SettlementDb>;
  bus: Bus;
  logger: Logger;
  storage: BlobStorage;
  font: CjkFont;
}
