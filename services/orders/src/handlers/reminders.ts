import { v7 as uuidv7 } from 'uuid';
import { requireRole, type Bus } from '@voucher/bus';
import { orders, reminderWindows } from '@voucher/contracts';
import { remindWindow } from '../store/contract-reminders.ts';
import { settings } from '../store/settings.ts';
import type { OrdersDeps } from './deps.ts';

/**
 * Issue 18 item 2 (ORD-5, GD: 30 days to upload the contract): the
 * scheduler's `remind-contract-deadlines` asks orders to remind every order
 * that will be cancelled for want of its contract within 7 days, and again
 * within 1 day.
 */
export function registerContractReminders(bus: Bus, deps: OrdersDeps): void {
  bus.handle(orders.remindContractsDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const { contractDeadlineDays } = await settings.read(deps.db);
    const requestId = ctx.requestId ?? uuidv7();
    let reminded = 0;
    for (const window of reminderWindows)
      reminded += await remindWindow(deps.db, contractDeadlineDays, window, requestId);
    if (reminded > 0) ctx.log.info({ reminded }, 'contract deadlines reminded');
    return { reminded };
  });
}
