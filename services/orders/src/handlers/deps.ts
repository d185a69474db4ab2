import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { Logger } from '@voucher/kit';
import type { GroupedOrderWrites } from '../store/grouped-order-writes.ts';
import type { ListedTermsSource } from './listed-terms.ts';
import type { DB as OrdersDb } from '../store/db.ts';

export interface OrdersDeps {
  db: Kysely<OrdersDb>;
  bus: Bus;
  logger: Logger;
  /** the catalog's terms of listed products (ORD-1) */
  terms: ListedTermsSource;
  /** placements and recorded payments, written in groups */
  writes: GroupedOrderWrites;
  timeZone: string;
  /** how long a wallet step may stay unanswered before the sweep settles it with the wallet's fence */
  settleAfterMs: number;
}
