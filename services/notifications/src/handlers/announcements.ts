import type { Kysely } from 'kysely';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import { announcementEvents as ae } from '@voucher/contracts';
import { announcementMessage } from '../domain/announcements.ts';
import { fanOutToOptedIn } from '../store/messages.ts';
import type { NotificationsDb } from '../store/schema.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of announcements (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-announcements';

/**
 * Issue 18 item 2: a new announcement, written to the inbox of every user who
 * opted in, in the transaction that records the event in the consumer's
 * inbox (so a redelivery writes nothing). Inbox only: not essential, never by
 * SMS, and not by email yet (README).
 */
export function startAnnouncementConsumer(deps: NotificationsDeps): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.bus,
    db: deps.db,
    name: CONSUMER,
    event: ae.published,
    handle: async (envelope, trx, log) => {
      const message = announcementMessage(envelope.data);
      const written = await fanOutToOptedIn(trx as Kysely<NotificationsDb>, envelope.id, message);
      log.info({ templates: [message.template], written }, 'messages written');
    },
  });
}
