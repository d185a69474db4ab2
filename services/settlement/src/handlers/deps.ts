import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { Logger } from '@voucher/kit';
import type { BlobStorage } from '@voucher/storage';
import type { CjkFont } from '../store/form-files.ts';

export interface SettlementDeps {
  db: Kysely<any>;
  bus: Bus;
  logger: Logger;
  storage: BlobStorage;
  font: CjkFont;
}
