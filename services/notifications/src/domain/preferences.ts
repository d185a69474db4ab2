import { v5 as uuidv5 } from 'uuid';
import type { z } from 'zod';
import {
  deliveryChannels,
  essentialMessageKinds,
  messageKinds,
  validationFailed,
  type DeliveryChannel,
  type FieldIssue,
  type MessageKind,
  type PreferencesView,
  type preferencesUpdateSchema,
} from '@voucher/contracts';
import { goesBySms } from './sms.ts';
import type { ComposedMessage } from './templates.ts';

/** Whether a kind of message goes to a channel. */
export type ChannelChoice = Record<DeliveryChannel, boolean>;

/**
 * A user's preferences as kept (issue 18 item 4): the address their email
 * goes to, and only the choices they made, per kind and channel. A choice not
 * made is the default (`channelsFor`), so a default changed later reaches
 * everyone who never chose.
 */
export interface Preferences {
  email: string | null;
  channels: Partial<Record<MessageKind, Partial<ChannelChoice>>>;
}

/** A user who never chose: no row. */
export const defaultPreferences: Preferences = { email: null, channels: {} };

export type PreferencesUpdate = z.output<typeof preferencesUpdateSchema>;

const essential: ReadonlySet<MessageKind> = new Set(essentialMessageKinds);

/** Issue 18 item 4: an essential message (a review result, a draw's result, an expiry, a deadline) always reaches the inbox. */
const isEssential = (kind: MessageKind): boolean => essential.has(kind);

/**
 * Issue 18 item 2: the kinds a user receives only once they turn them on
 * ("new announcements, for everyone who opted in"): their inbox and email are
 * off until chosen. So a message of such a kind goes only to users who made a
 * choice about it (`deliverToOptedIn` reads theirs alone).
 */
const optInMessageKinds: readonly MessageKind[] = ['announcement'];
const optIn: ReadonlySet<MessageKind> = new Set(optInMessageKinds);
export const isOptIn = (kind: MessageKind): boolean => optIn.has(kind);

/**
 * The channels a kind of message goes to for a user, their choices applied to
 * the defaults: the inbox and SMS on, email on once there is an address to
 * send it to (off until then, whatever was chosen), and the inbox always on
 * for an essential kind; an opt-in kind (`optInMessageKinds`) goes to the
 * inbox and by email only once chosen. SMS on means "when the message is one
 * that goes by SMS" (`goesBySms`): most messages never do.
 */
export function channelsFor(prefs: Preferences, kind: MessageKind): ChannelChoice {
  const chosen = prefs.channels[kind] ?? {};
  const byDefault = !isOptIn(kind);
  return {
    inbox: isEssential(kind) || (chosen.inbox ?? byDefault),
    sms: chosen.sms ?? true,
    email: prefs.email !== null && (chosen.email ?? byDefault),
  };
}

/** What the user sees: every kind, whether it is essential, and the channels it goes to. */
export function viewOf(prefs: Preferences): PreferencesView {
  return {
    email: prefs.email,
    kinds: messageKinds.map((kind) => ({ kind, essential: isEssential(kind), ...channelsFor(prefs, kind) })),
  };
}

/**
 * The preferences after an update, or the refusal of all of it (400
 * `VALIDATION_FAILED`, naming each field; nothing is changed): an essential
 * kind's inbox cannot be turned off, email cannot be chosen without an
 * address, and a kind is named once. `email` absent keeps the address, null
 * removes it (and with it every email, the choices being kept for a later
 * address); a channel absent from a kind keeps that kind's choice.
 */
export function updated(prefs: Preferences, update: PreferencesUpdate): Preferences {
  const email = update.email === undefined ? prefs.email : update.email;
  const channels: Preferences['channels'] = { ...prefs.channels };
  const issues: FieldIssue[] = [];
  const named = new Set<MessageKind>();
  (update.kinds ?? []).forEach((change, i) => {
    if (named.has(change.kind)) issues.push({ path: `kinds.${i}.kind`, message: `${change.kind} is named twice` });
    named.add(change.kind);
    if (change.inbox === false && isEssential(change.kind)) {
      issues.push({
        path: `kinds.${i}.inbox`,
        message: `${change.kind} is essential: it always reaches the inbox`,
      });
    }
    if (change.email === true && email === null) {
      issues.push({ path: `kinds.${i}.email`, message: 'email needs an address: give one in email' });
    }
    const choice: Partial<ChannelChoice> = { ...channels[change.kind] };
    for (const channel of deliveryChannels) {
      const on = change[channel];
      if (on !== undefined) choice[channel] = on;
    }
    // the inbox of an essential kind is not a choice: nothing to keep
    if (isEssential(change.kind)) delete choice.inbox;
    channels[change.kind] = choice;
  });
  if (issues.length > 0) throw validationFailed(issues);
  return { email, channels };
}

/** Where one message goes (issue 18 item 4), decided per recipient. */
export interface Deliveries {
  inbox: boolean;
  sms: boolean;
  /** the address to email it to; null: no email */
  email: string | null;
}

/**
 * Where a message goes for its recipient: the inbox unless they keep its
 * (non-essential) kind out of it; SMS when the message is one that goes by
 * SMS and they did not turn it off; email when the service has an SMTP
 * server (`emailOn`), they gave an address and did not turn it off.
 * `prefs` undefined: a recipient who never chose.
 */
export function deliveriesOf(
  message: Pick<ComposedMessage, 'kind' | 'template'>,
  prefs: Preferences | undefined,
  emailOn: boolean,
): Deliveries {
  const chosen = prefs ?? defaultPreferences;
  const channels = channelsFor(chosen, message.kind);
  return {
    inbox: channels.inbox,
    sms: channels.sms && goesBySms(message),
    email: emailOn && channels.email ? chosen.email : null,
  };
}

/** The namespace of the ids of messages kept out of the inbox (a fixed UUID, never to change). */
const OUT_OF_INBOX = '15a17071-0c0d-45a4-854e-51c6621f79db';

/**
 * The id of a message kept out of its recipient's inbox, which its SMS and
 * email requests carry: derived from the event, the recipient and the
 * template (as the inbox's `UNIQUE (source_event_id, user_id, template)`),
 * so the same event handled again (a replay of the dead letter) carries the
 * same id, and each channel still delivers it once.
 */
export function outOfInboxId(sourceEventId: string, message: Pick<ComposedMessage, 'userId' | 'template'>): string {
  return uuidv5(`${sourceEventId}:${message.userId}:${message.template}`, OUT_OF_INBOX);
}
