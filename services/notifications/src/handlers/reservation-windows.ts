import type { RunningConsumer } from '@voucher/bus';
import { lotteryEvents } from '@voucher/contracts';
import { reservationWindows } from '../domain/reservation-windows.ts';
import { messagesFrom } from './consume.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of reservation windows (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-windows';

/**
 * LOT-2/LOT-3, issue 18 item 2: a campaign's window opened, up to 5,000
 * messages per event (the qualified enterprises of its year), two chunks at
 * once, as the draw results.
 */
export function startReservationWindowConsumer(deps: NotificationsDeps, timeZone: string): Promise<RunningConsumer> {
  return messagesFrom(deps, CONSUMER, lotteryEvents.campaignOpened, (d) => reservationWindows(d, timeZone), {
    concurrency: 2,
    ackWaitMs: 10_000,
  });
}
