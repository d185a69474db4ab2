import type { Kysely } from 'kysely';
import { outboxInsert, prepareEvent, startConsumer, type RunningConsumer } from '@voucher/bus';
import { notificationEvents, type DataOf, type EventDef } from '@voucher/contracts';
import { goesBySms, smsTextOf } from '../domain/sms.ts';
import { compose, type Draft } from '../domain/templates.ts';
import { writeMessages } from '../store/messages.ts';
import type { NotificationsDb } from '../store/schema.ts';
import type { NotificationsDeps } from './deps.ts';

/**
 * One JetStream durable of a consumer (A5: `<service>-<purpose>`, declared in
 * libs/contracts) that turns each event into its drafts and writes them, in
 * the transaction that records the event in the consumer's inbox: a
 * redelivered event writes nothing more. An essential message (`goesBySms`)
 * also gets its `evt.notifications.sms.requested` in the service's outbox, in
 * that same transaction: one SMS request per message, never one without it.
 */
export function messagesFrom<E extends EventDef>(
  deps: NotificationsDeps,
  consumer: string,
  event: E,
  toDrafts: (data: DataOf<E>) => Draft[],
): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.bus,
    db: deps.db,
    name: consumer,
    event,
    handle: async (envelope, trx, log) => {
      const drafts = toDrafts(envelope.data);
      const written = await writeMessages(trx as Kysely<NotificationsDb>, envelope.id, drafts.map(compose));
      const sms = written
        .filter((w) => goesBySms(w.message))
        .map((w) =>
          prepareEvent(
            notificationEvents.smsRequested,
            { messageId: w.id, userId: w.message.userId, text: smsTextOf(w.message) },
            { requestId: envelope.id },
          ),
        );
      if (sms.length > 0) await outboxInsert(sms).execute(trx);
      // no names, reasons or user ids in the log: the event id leads to them
      log.info(
        { templates: [...new Set(drafts.map((d) => d.template))], written: written.length, sms: sms.length },
        'messages written',
      );
    },
  });
}
