import { DeadLetters, requireRole, type Bus } from '@voucher/bus';
import { notifications } from '@voucher/contracts';

/**
 * Issue 18 item 6: the deliveries the service's consumers gave up on (an SMS
 * identity kept refusing, an email the SMTP server kept refusing, ...), listed
 * for an admin by event type and id only, and replayed to the consumer that
 * failed, once (libs/bus `DeadLetters`).
 */
export function registerDeadLetterHandlers(bus: Bus): void {
  const deadLetters = new DeadLetters(bus);

  bus.handle(notifications.deadLetters, async (query, ctx) => {
    requireRole(ctx, 'admin');
    return deadLetters.list(query);
  });

  bus.handle(notifications.replayDeadLetter, async ({ seq }, ctx) => {
    const admin = requireRole(ctx, 'admin');
    const replayed = await deadLetters.replay(seq, { requestId: ctx.requestId });
    ctx.log.info(
      { seq, eventId: replayed.eventId, consumer: replayed.consumer, by: admin.userId },
      'replayed by admin',
    );
    return replayed;
  });
}
