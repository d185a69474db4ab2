import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { ServiceDefinition } from '@voucher/runtime';
import { registerInboxHandlers } from './handlers/inbox.ts';
import type { NotificationsDeps } from './handlers/deps.ts';
import { startOrderStepConsumers } from './handlers/order-steps.ts';
import { startReviewResultConsumers } from './handlers/review-results.ts';
import { startSmsConsumer, SMS_RETRIES } from './handlers/sms.ts';
import type { NotificationsDb } from './store/schema.ts';

const notificationsConfig = {
  /** issue 18 item 6: deliveries of an SMS request before it is parked in the dead letter */
  SMS_MAX_DELIVER: z.coerce.number().int().min(1).max(20).default(SMS_RETRIES.maxDeliver),
  /** the waits before each retry of an SMS request, in ms, comma-separated; the last repeats */
  SMS_RETRY_BACKOFF_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'milliseconds, comma-separated')
    .default(SMS_RETRIES.backoffMs.join(','))
    .transform((v) => v.split(',').map(Number)),
};

export const notificationsService: ServiceDefinition<typeof notificationsConfig> = {
  name: 'notifications',
  config: notificationsConfig,
  async register({ bus, db, logger, config }) {
    const deps: NotificationsDeps = { db: db as Kysely<NotificationsDb>, bus, logger };
    registerInboxHandlers(bus, deps);
    const [reviews, orders, sms] = await Promise.all([
      startReviewResultConsumers(deps),
      startOrderStepConsumers(deps),
      startSmsConsumer(deps, { maxDeliver: config.SMS_MAX_DELIVER, backoffMs: config.SMS_RETRY_BACKOFF_MS }),
    ]);
    return { consumers: [...reviews, ...orders, sms] };
  },
};
