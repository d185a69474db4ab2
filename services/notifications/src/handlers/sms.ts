import { startConsumer, type RunningConsumer } from '@voucher/bus';
import { AppError, identity, notificationEvents } from '@voucher/contracts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of the service's own SMS requests (A5, declared in libs/contracts). */
const CONSUMER = 'notifications-sms';

/**
 * The SMS channel's retries (issue 18 item 6): a failing SMS gateway (500, a
 * timeout) or a spent hourly budget is tried again with growing waits, about
 * 13 minutes in all, then the request is parked in the dead letter.
 */
export const SMS_RETRIES = { maxDeliver: 6, backoffMs: [2_000, 10_000, 60_000, 180_000, 540_000] };

/**
 * Texts sent at once: each waits on identity and its SMS gateway, so a draw's
 * 100,000 wins (LOT-7) would take an hour one after the other; the order of
 * texts means nothing.
 */
const SMS_IN_FLIGHT = 16;

/** identity's refusals that no retry changes: the user does not exist, or has no mobile to text */
const NOT_TEXTABLE: ReadonlySet<string> = new Set(['NOT_FOUND', 'INVALID_STATE']);

/**
 * Sends each essential message by SMS through identity (`svc.identity.textUser`,
 * which owns the mobiles, the SMS sender and the budget), keyed by the message
 * id: identity sends a key once, so a redelivery after a lost reply sends
 * nothing more. Neither the text nor the recipient is logged.
 */
export function startSmsConsumer(
  deps: NotificationsDeps,
  retries: { maxDeliver: number; backoffMs: number[] } = SMS_RETRIES,
): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.bus,
    db: deps.db,
    name: CONSUMER,
    event: notificationEvents.smsRequested,
    ...retries,
    concurrency: SMS_IN_FLIGHT,
    handle: async (envelope, _trx, log, cause) => {
      const { messageId, userId, text } = envelope.data;
      try {
        const sent = await deps.bus.request(
          identity.textUser,
          { key: messageId, userId, text },
          { ...cause, requestId: envelope.id },
        );
        log.info({ messageId, sentAt: sent.sentAt }, 'sms sent');
      } catch (err) {
        // a recipient identity cannot text (no such user, no mobile) stays so: retrying only fills the dead
        // letter; the message stands in the inbox. Any other failure is retried, then parked.
        if (!(err instanceof AppError) || !NOT_TEXTABLE.has(err.code)) throw err;
        log.warn({ messageId, code: err.code }, 'sms not sendable: the message stays in the inbox');
      }
    },
  });
}
