import { announcementEvents as ae, type DataOf } from '@voucher/contracts';
import { isOptIn } from './preferences.ts';
import { compose, type ComposedMessage, type ProgrammeWording } from './templates.ts';

/**
 * A new announcement (issue 18 item 2: "new announcements, for everyone who
 * opted in"): one message in the same words for every user who turned the
 * `announcement` kind on (an opt-in kind: off until chosen, inbox and email).
 * Its recipients are not listed here: they are those whose preferences say
 * so, read and decided with the rest of the delivery (`deliverToOptedIn`).
 */
export function announcementMessage(
  d: DataOf<typeof ae.published>,
  wording: ProgrammeWording,
): Omit<ComposedMessage, 'userId'> {
  const { userId: _none, ...message } = compose(
    { userId: '', template: 'announcement.published', params: { title: d.title } },
    wording,
  );
  if (!isOptIn(message.kind)) throw new Error(`${message.kind} is not an opt-in kind`);
  return message;
}
