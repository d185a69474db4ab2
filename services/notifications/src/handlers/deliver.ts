import type { Kysely } from 'kysely';
import { outboxInsert, prepareEvent, type PendingEvent } from '@voucher/bus';
import { notificationEvents } from '@voucher/contracts';
import { emailOf } from '../domain/email.ts';
import { deliveriesOf, outOfInboxId, type Deliveries, type Preferences } from '../domain/preferences.ts';
import { smsTextOf } from '../domain/sms.ts';
import type { ComposedMessage } from '../domain/templates.ts';
import { writeMessages, writeToEach, type WrittenMessage } from '../store/messages.ts';
import { preferencesChoosing, preferencesOf } from '../store/preferences.ts';
import type { NotificationsDb } from '../store/schema.ts';
import type { NotificationsDeps } from './deps.ts';

/** What an event's messages came to, for the log: counts only. */
export interface Delivered {
  /** messages written to an inbox */
  written: number;
  /** messages its recipient keeps out of the inbox (issue 18 item 4) */
  outOfInbox: number;
  sms: number;
  email: number;
}

/**
 * Delivers an event's messages over the channels each recipient chose (issue
 * 18 item 4), in the caller's transaction (the one that records the event in
 * the consumer's inbox): the recipients' preferences are read in one query
 * whatever their number, the domain decides per recipient (`deliveriesOf`),
 * the inbox messages are written, and the outbox gets one SMS request and one
 * email request per new message that goes by them. A message already written
 * for the event (a replay) requests nothing more. A message kept out of the
 * inbox still goes by SMS or email, under an id derived from the event, so a
 * replay carries the same id and each channel sends it once.
 */
export async function deliverMessages(
  deps: Pick<NotificationsDeps, 'emailOn'>,
  trx: Kysely<NotificationsDb>,
  sourceEventId: string,
  messages: ComposedMessage[],
): Promise<Delivered> {
  if (messages.length === 0) return { written: 0, outOfInbox: 0, sms: 0, email: 0 };
  const preferences = await preferencesOf(trx, [...new Set(messages.map((m) => m.userId))]);
  return deliverDecided(deps, trx, sourceEventId, messages, preferences, (toInbox) =>
    writeMessages(trx, sourceEventId, toInbox),
  );
}

/**
 * Delivers one message in the same words to everyone who opted in to its
 * kind (issue 18 item 2: an announcement), by the same rules as any other
 * message (`deliverMessages`: inbox, SMS and email per kind as each chose,
 * one request per message and channel), with the reads and writes set-based
 * whatever their number: the preferences of those who chose anything about
 * the kind in one query, the inbox messages in one INSERT … SELECT
 * (`writeToEach`), the requests in one outbox statement.
 */
export async function deliverToOptedIn(
  deps: Pick<NotificationsDeps, 'emailOn'>,
  trx: Kysely<NotificationsDb>,
  sourceEventId: string,
  message: Omit<ComposedMessage, 'userId'>,
): Promise<Delivered> {
  const preferences = await preferencesChoosing(trx, message.kind);
  const messages = [...preferences.keys()].map((userId) => ({ ...message, userId }));
  return deliverDecided(deps, trx, sourceEventId, messages, preferences, (toInbox) =>
    writeToEach(
      trx,
      sourceEventId,
      message,
      toInbox.map((m) => m.userId),
    ),
  );
}

/** The rest of a delivery once the recipients' preferences are read: decide, write the inbox, request the rest. */
async function deliverDecided(
  deps: Pick<NotificationsDeps, 'emailOn'>,
  trx: Kysely<NotificationsDb>,
  sourceEventId: string,
  messages: ComposedMessage[],
  preferences: ReadonlyMap<string, Preferences>,
  writeInbox: (toInbox: ComposedMessage[]) => Promise<WrittenMessage[]>,
): Promise<Delivered> {
  // one message per recipient and template for an event (as `messages_once_per_event`)
  const keyOf = (m: Pick<ComposedMessage, 'userId' | 'template'>) => `${m.userId} ${m.template}`;
  const decided = new Map<string, Deliveries>(
    messages.map((m) => [keyOf(m), deliveriesOf(m, preferences.get(m.userId), deps.emailOn === true)]),
  );
  const written = await writeInbox(messages.filter((m) => decided.get(keyOf(m))!.inbox));
  const outOfInbox = messages
    .filter((m) => !decided.get(keyOf(m))!.inbox)
    .map((message) => ({ id: outOfInboxId(sourceEventId, message), message }));

  const meta = { requestId: sourceEventId };
  const sms: PendingEvent[] = [];
  const email: PendingEvent[] = [];
  for (const { id, message } of [...written, ...outOfInbox]) {
    const to = decided.get(keyOf(message))!;
    if (to.sms) {
      sms.push(
        prepareEvent(
          notificationEvents.smsRequested,
          { messageId: id, userId: message.userId, text: smsTextOf(message) },
          meta,
        ),
      );
    }
    if (to.email !== null) {
      email.push(
        prepareEvent(notificationEvents.emailRequested, { messageId: id, to: to.email, ...emailOf(message) }, meta),
      );
    }
  }
  const requests = [...sms, ...email];
  if (requests.length > 0) await outboxInsert(requests).execute(trx);
  return { written: written.length, outOfInbox: outOfInbox.length, sms: sms.length, email: email.length };
}
