import type { ProcessMetrics } from '@voucher/metrics';
import type { SmsSender } from './sms/sender.ts';

/**
 * Identity's own series (issue 19). Refused logins are counted by the bus's
 * per-subject metrics, by error code; these say who got in and how, and
 * when an account was locked (ID-3).
 */
export function identityMetrics(metrics: ProcessMetrics) {
  return {
    logins: metrics.counter('logins_total', 'Sign-ins that issued tokens, by method (ID-3)', ['method']),
    lockouts: metrics.counter('lockouts_total', 'Accounts locked after too many failed sign-ins (ID-3)'),
    smsSent: metrics.counter('sms_sent_total', 'SMS handed to the sender, by purpose (ID-6, issue 18)', ['purpose']),
    smsFailed: metrics.counter('sms_failed_total', 'SMS the sender failed to send, by purpose', ['purpose']),
  };
}
export type IdentityMetrics = ReturnType<typeof identityMetrics>;

/** The sender, counted: what it sent and what it failed to send, by purpose, never by mobile. */
export function countedSender(sender: SmsSender, metrics: IdentityMetrics): SmsSender {
  return {
    async send(message) {
      try {
        await sender.send(message);
      } catch (err) {
        metrics.smsFailed.inc({ purpose: message.purpose });
        throw err;
      }
      metrics.smsSent.inc({ purpose: message.purpose });
    },
  };
}
