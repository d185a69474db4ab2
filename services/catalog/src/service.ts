import type { ServiceDefinition } from '@voucher/runtime';
import { registerBrowseHandlers } from './handlers/browse.ts';
import { registerProductHandlers } from './handlers/products.ts';
import { startProjections } from './handlers/projections.ts';
import { registerReviewHandlers } from './handlers/reviews.ts';
import { answerCache, listingsChanged } from './handlers/search-cache.ts';

/** how long a public catalogue answer is kept at most: the bound on what a lost change message leaves stale */
const ANSWERS_KEEP_MS = 30_000;
/**
 * how many distinct pages of search results a replica keeps (each up to 100 summaries, some 20 KB for 20),
 * and how many totals (a number each), the least recently used forgotten first
 */
const PAGES_MAX = 2_000;
const TOTALS_MAX = 20_000;

export const catalogService: ServiceDefinition<Record<never, never>> = {
  name: 'catalog',
  async register({ bus, db, logger, redis, config }) {
    const answers = answerCache({ keepMs: ANSWERS_KEEP_MS, maxEntries: PAGES_MAX });
    const totals = answerCache({ keepMs: ANSWERS_KEEP_MS, maxEntries: TOTALS_MAX });
    const changed = await listingsChanged([answers, totals], { redis, prefix: config.REDIS_PREFIX, logger });
    const deps = { bus, db, logger, answers, totals, listingsChanged: changed };
    registerProductHandlers(bus, deps);
    registerReviewHandlers(bus, deps);
    registerBrowseHandlers(bus, deps);
    return { consumers: await startProjections(bus, deps), stop: () => changed.stop() };
  },
};
