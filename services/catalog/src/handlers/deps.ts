import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { Logger } from '@voucher/kit';
import type { AnswerCache, ListingsChanged } from './search-cache.ts';
import type { SearchIndex } from '../store/search-index.ts';
import type { DB as CatalogDb } from '../store/db.ts';

export interface CatalogDeps {
  db: Kysely<CatalogDb>;
  bus: Bus;
  logger: Logger;
  /** the public catalogue's answers kept in this replica (CAT-4) */
  answers: AnswerCache;
  /** the totals of the searches' filters, shared by every sort and page of them */
  totals: AnswerCache;
  /** the listings' search terms in this replica's memory, while current */
  searchIndex: SearchIndex;
  /** forgets them in every replica when the listings change */
  listingsChanged: ListingsChanged;
}
