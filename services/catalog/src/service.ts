import type { ServiceDefinition } from '@voucher/runtime';
import { registerBrowseHandlers } from './handlers/browse.ts';
import { registerProductHandlers } from './handlers/products.ts';
import { startProjections } from './handlers/projections.ts';
import { registerReviewHandlers } from './handlers/reviews.ts';

export const catalogService: ServiceDefinition<Record<never, never>> = {
  name: 'catalog',
  async register({ bus, db, logger }) {
    const deps = { bus, db, logger };
    registerProductHandlers(bus, deps);
    registerReviewHandlers(bus, deps);
    registerBrowseHandlers(bus, deps);
    return { consumers: await startProjections(bus, deps) };
  },
};
