import { SMS_TEXT_MAX_LENGTH } from '@voucher/contracts';
import type { ComposedMessage, TemplateKey } from './templates.ts';

/**
 * The messages besides review results that also go out by SMS (issue 18
 * item 1: "a win", "an order waiting for you"); every review result does too.
 * The others (a draw not won among them) reach the inbox only.
 */
const texted: ReadonlySet<TemplateKey> = new Set([
  'order.awaiting_provider',
  'draw.won',
  // issue 18 item 2: the deadline reminders, each for the party that would lose a voucher or an order
  'voucher.expiring',
  'voucher.reclaim_due',
  'order.contract_due',
  'order.acceptance_due',
  // issue 18 item 2: a redemption paid (SET-3), money the provider checks it received
  'settlement.paid',
]);

/** Whether a message is essential enough to be sent by SMS as well as to the inbox (issue 18 item 1). */
export function goesBySms(message: Pick<ComposedMessage, 'kind' | 'template'>): boolean {
  return message.kind === 'review_result' || texted.has(message.template);
}

/**
 * The SMS of a message: its zh-CN title and body (the platform's texts are
 * Chinese) on one line (a reviewer's reason may have several), within
 * identity's bound.
 */
export function smsTextOf(message: Pick<ComposedMessage, 'title' | 'body'>): string {
  const text = `${message.title['zh-CN']}：${message.body['zh-CN']}`.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return text.length <= SMS_TEXT_MAX_LENGTH ? text : `${text.slice(0, SMS_TEXT_MAX_LENGTH - 1)}…`;
}
