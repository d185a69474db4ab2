import type { ServiceDefinition } from '@voucher/runtime';
import { registerBrowseHandlers } from './handlers/browse.ts';
import { registerProductHandlers } from './handlers/products.ts';
import { startProjections } from './handlers/projections.ts';
import { registerReviewHandlers } from './handlers/reviews.ts';
import { answerCache, listingsChanged } from './handlers/search-cache.ts';
import { searchIndex } from './store/search-index.ts';

/** how long a public catalogue answer is kept at most: the bound on what a lost change message leaves stale */
const ANSWERS_KEEP_MS = 30_000;
/**
 * how many distinct pages of search results a replica keeps (each up to 100 summaries, some 20 KB for 20),
 * and how many totals (a number each), the least recently used forgotten first
 */
const PAGES_MAX = 2_000;
const TOTALS_MAX = 20_000;
/**
 * the most listings a replica holds as its search index, some 40 MB at 100,000 (postings, texts, orders) under
 * the services' 256 MB heap ceiling; a larger catalogue is searched in PostgreSQL alone
 */
const SEARCH_INDEX_MAX_LISTINGS = 200_000;

export const catalogService: ServiceDefinition<Record<never, never>> = {
  name: 'catalog',
  async register({ bus, db, logger, redis, config }) {
    const answers = answerCache({ keepMs: ANSWERS_KEEP_MS, maxEntries: PAGES_MAX });
    const totals = answerCache({ keepMs: ANSWERS_KEEP_MS, maxEntries: TOTALS_MAX });
    const index = searchIndex(db, { maxListings: SEARCH_INDEX_MAX_LISTINGS, logger });
    const changed = await listingsChanged([answers, totals, index], { redis, prefix: config.REDIS_PREFIX, logger });
    const deps = { bus, db, logger, answers, totals, searchIndex: index, listingsChanged: changed };
    registerProductHandlers(bus, deps);
    registerReviewHandlers(bus, deps);
    registerBrowseHandlers(bus, deps);
    return {
      consumers: await startProjections(bus, deps),
      stop: () => Promise.all([changed.stop(), index.stop()]).then(() => {}),
    };
  },
};
