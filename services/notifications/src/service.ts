import type { Kysely } from 'kysely';
import type { ServiceDefinition } from '@voucher/runtime';
import { registerInboxHandlers } from './handlers/inbox.ts';
import type { NotificationsDeps } from './handlers/deps.ts';
import { startOrderStepConsumers } from './handlers/order-steps.ts';
import { startReviewResultConsumers } from './handlers/review-results.ts';
import type { NotificationsDb } from './store/schema.ts';

export const notificationsService: ServiceDefinition<Record<never, never>> = {
  name: 'notifications',
  async register({ bus, db, logger }) {
    const deps: NotificationsDeps = { db: db as Kysely<NotificationsDb>, bus, logger };
    registerInboxHandlers(bus, deps);
    const [reviews, orders] = await Promise.all([startReviewResultConsumers(deps), startOrderStepConsumers(deps)]);
    return { consumers: [...reviews, ...orders] };
  },
};
