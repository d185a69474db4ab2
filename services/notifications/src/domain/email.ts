import { EMAIL_SUBJECT_MAX_LENGTH, EMAIL_TEXT_MAX_LENGTH } from '@voucher/contracts';
import type { ComposedMessage } from './templates.ts';

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The email of a message (issue 18 item 1): the zh-CN title as its subject
 * (on one line), and as its plain text the message in Chinese, then in
 * English, within the event's bounds.
 */
export function emailOf(message: Pick<ComposedMessage, 'title' | 'body'>): { subject: string; text: string } {
  const subject = message.title['zh-CN'].replace(/[\s\p{Cc}]+/gu, ' ').trim();
  const text = [
    message.title['zh-CN'],
    '',
    message.body['zh-CN'],
    '',
    '——',
    '',
    message.title.en,
    '',
    message.body.en,
    '',
  ].join('\n');
  return { subject: cut(subject, EMAIL_SUBJECT_MAX_LENGTH), text: cut(text, EMAIL_TEXT_MAX_LENGTH) };
}
