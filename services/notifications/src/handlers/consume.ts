import type { Kysely } from 'kysely';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import type { DataOf, EventDef } from '@voucher/contracts';
import { compose, type Draft } from '../domain/templates.ts';
import { writeMessages } from '../store/messages.ts';
import type { NotificationsDb } from '../store/schema.ts';
import type { NotificationsDeps } from './deps.ts';

/**
 * One JetStream durable of a consumer (A5: `<service>-<purpose>`, declared in
 * libs/contracts) that turns each event into its drafts and writes them, in
 * the transaction that records the event in the consumer's inbox: a
 * redelivered event writes nothing more.
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
      // no names, reasons or user ids in the log: the event id leads to them
      log.info({ templates: [...new Set(drafts.map((d) => d.template))], written }, 'messages written');
    },
  });
}
