import type { RunningConsumer } from '@voucher/bus';
import { orderEvents as oe, walletEvents as we } from '@voucher/contracts';
import { reminders } from '../domain/reminders.ts';
import { messagesFrom } from './consume.ts';
import type { NotificationsDeps } from './deps.ts';
import { forProvider } from './provider-staff.ts';

/** The durable consumer of deadline reminders (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-reminders';

/**
 * Issue 18 item 2: a voucher expiring or reclaimed unused (the wallet's
 * `remind-expiring-vouchers` job) and an order's contract deadline (orders'
 * `remind-contract-deadlines`; for the provider, its staff with the `orders`
 * menu too), dates shown in the programme's zone. A draw's
 * vouchers expire together, one event each: four at once.
 */
export function startReminderConsumers(deps: NotificationsDeps, timeZone: string): Promise<RunningConsumer[]> {
  return Promise.all([
    messagesFrom(deps, CONSUMER, we.voucherExpiring, (d) => reminders.voucherExpiring(d, timeZone), {
      concurrency: 4,
    }),
    messagesFrom(deps, CONSUMER, oe.contractDue, forProvider(reminders.contractDue, timeZone)),
  ]);
}
