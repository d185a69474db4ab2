import type { Kysely } from 'kysely';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import { announcementEvents as ae } from '@voucher/contracts';
import { announcementMessage } from '../domain/announcements.ts';
import type { NotificationsDb } from '../store/schema.ts';
import { deliverToOptedIn } from './deliver.ts';
import type { NotificationsDeps } from './deps.ts';
import { currentWording } from '../store/settings.ts';

/** The durable consumer of announcements (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-announcements';

/**
 * Issue 18 item 2: an announcement readable now (settlement announces one
 * published for later when its time comes), told to every user who opted in,
 * over the channels each chose for announcements (issue 18 item 4: the inbox,
 * email; never SMS), in the transaction that records the event in the
 * consumer's inbox, so a redelivery writes and requests nothing more.
 */
export function startAnnouncementConsumer(deps: NotificationsDeps): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.bus,
    db: deps.db,
    name: CONSUMER,
    event: ae.published,
    handle: async (envelope, trx, log) => {
      // in the programme's wording where it has one (DOMAIN §0b), as every message
      const message = announcementMessage(envelope.data, await currentWording(trx as Kysely<NotificationsDb>));
      const delivered = await deliverToOptedIn(deps, trx as Kysely<NotificationsDb>, envelope.id, message);
      // counts only: the event id leads to the rest
      log.info({ templates: [message.template], ...delivered }, 'messages written');
    },
  });
}
