import { SMS_TEXT_MAX_LENGTH } from '@voucher/contracts';
import type { ComposedMessage, TemplateKey } from './templates.ts';

/**
 * The order steps that also go out by SMS (issue 18 item 1: "an order waiting
 * for you"); every review result does too. The other steps reach the inbox only.
 */
const essentialOrderSteps: ReadonlySet<TemplateKey> = new Set(['order.awaiting_provider']);

/** Whether a message is essential enough to be sent by SMS as well as to the inbox (issue 18 item 1). */
export function goesBySms(message: Pick<ComposedMessage, 'kind' | 'template'>): boolean {
  return message.kind === 'review_result' || essentialOrderSteps.has(message.template);
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
