import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { Logger } from '@voucher/kit';

export interface SettlementDeps {
  db: Kysely<any>;
  bus: Bus;
  logger: Logger;
}
