import { v7 as uuidv7 } from 'uuid';
import { requireRole } from '@voucher/bus';
import { reminderWindows, wallet } from '@voucher/contracts';
import { remindExpiry, remindReclaim } from '../store/voucher-reminders.ts';
import type { WalletDeps } from './deps.ts';

/**
 * Issue 18 item 2 (WAL-6): the scheduler's `remind-expiring-vouchers` asks the
 * wallet to remind every available, visible voucher whose expiry, or reclaim
 * date when the programme reclaims (`WALLET_RECLAIM_DAYS`), is 7 days away,
 * and again 1 day away.
 */
export function registerReminderHandlers({ bus, db, reclaimDays }: WalletDeps): void {
  bus.handle(wallet.remindDue, async (_req, ctx) => {
    requireRole(ctx, 'scheduler');
    const requestId = ctx.requestId ?? uuidv7();
    let expiry = 0;
    let reclaim = 0;
    // the 1-day window first: a voucher first found within a day gets that reminder only
    for (const window of reminderWindows) {
      expiry += await remindExpiry(db, window, requestId);
      if (reclaimDays > 0) reclaim += await remindReclaim(db, reclaimDays, window, requestId);
    }
    if (expiry + reclaim > 0) ctx.log.info({ expiry, reclaim }, 'voucher deadlines reminded');
    return { reminded: expiry + reclaim, expiry, reclaim };
  });
}
