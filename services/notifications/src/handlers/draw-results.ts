import type { RunningConsumer } from '@voucher/bus';
import { lotteryEvents } from '@voucher/contracts';
import { drawResults } from '../domain/draw-results.ts';
import { messagesFrom } from './consume.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of draw results (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-draws';

/**
 * LOT-7: a batch's results at its publication, up to 5,000 messages per
 * event; two chunks written at once keep both cores busy during a
 * million-message fan-out (issue 18's target: 30 s). A chunk takes well under
 * a second, so a chunk left unacknowledged by a killed process is taken up
 * again after 10 s rather than the bus's default 30 (a redelivery to a live
 * one waits on the first's inbox row, then finds it handled).
 */
export function startDrawResultConsumer(deps: NotificationsDeps): Promise<RunningConsumer> {
  return messagesFrom(deps, CONSUMER, lotteryEvents.resultsPublished, drawResults, {
    concurrency: 2,
    ackWaitMs: 10_000,
  });
}
