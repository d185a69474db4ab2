import { notifications } from '@voucher/contracts';
import { requireRole, type Bus } from '@voucher/bus';
import { sweepExpired } from '../store/retention.ts';
import type { NotificationsDeps } from './deps.ts';

/** The scheduler's daily `sweep-notifications` (issue 18 item 1: kept one year). */
export function registerRetentionHandlers(bus: Bus, { db, logger }: NotificationsDeps): void {
  bus.handle(notifications.sweepExpired, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const swept = await sweepExpired(db);
    logger.info(swept, 'messages past their year swept');
    return swept;
  });
}
