import type { Kysely } from 'kysely';
import { PROJECTED_PER_TRANSACTION, startConsumer, type ConsumerOptions, type RunningConsumer } from '@voucher/bus';
import type { DataOf, EventDef } from '@voucher/contracts';
import { composeAll, type Draft } from '../domain/templates.ts';
import type { NotificationsDb } from '../store/schema.ts';
import { currentWording } from '../store/settings.ts';
import { deliverMessages } from './deliver.ts';
import type { NotificationsDeps } from './deps.ts';

/**
 * One JetStream durable of a consumer (A5: `<service>-<purpose>`, declared in
 * libs/contracts) that turns each event into its drafts and writes them, in
 * the transaction that records the event in the consumer's inbox: a
 * redelivered event writes nothing more. Each message goes over the channels
 * its recipient chose (`deliverMessages`, issue 18 item 4): an essential
 * message (`goesBySms`) also gets its `evt.notifications.sms.requested`, and a
 * recipient with email its `evt.notifications.email.requested`, in the
 * service's outbox in that same transaction: one request per message and
 * channel, never one without it.
 */
export function messagesFrom<E extends EventDef>(
  deps: NotificationsDeps,
  consumer: string,
  event: E,
  /** may read what it decides on in the consumer's transaction (`trx`) */
  toDrafts: (data: DataOf<E>, trx: Kysely<NotificationsDb>) => Draft[] | Promise<Draft[]>,
  options: Pick<ConsumerOptions<E>, 'concurrency' | 'ackWaitMs'> = {},
): Promise<RunningConsumer> {
  return startConsumer({
    ...options,
    bus: deps.bus,
    db: deps.db,
    perTransaction: PROJECTED_PER_TRANSACTION,
    name: consumer,
    event,
    handle: async (envelope, trx, log) => {
      const drafts = await toDrafts(envelope.data, trx as Kysely<NotificationsDb>);
      // in the programme's wording where it has one (DOMAIN §0b), read once per WORDING_CACHE_MS, not per message
      const messages = composeAll(drafts, await currentWording(trx as Kysely<NotificationsDb>));
      const delivered = await deliverMessages(deps, trx as Kysely<NotificationsDb>, envelope.id, messages);
      // no names, reasons, addresses or user ids in the log: the event id leads to them
      log.info({ templates: [...new Set(drafts.map((d) => d.template))], ...delivered }, 'messages written');
    },
  });
}
