import type { Logger, Redis } from '@voucher/kit';
import type { SentSmsPurpose } from '@voucher/contracts';

/** ID-6: the pluggable way a code reaches a phone. */
export interface SmsSender {
  send(message: { mobile: string; purpose: SentSmsPurpose; code: string; text: string }): Promise<void>;
}

export const devSinkKey = (mobile: string) => `dev:sms:${mobile}`;

/**
 * Development sink: keeps the latest code per mobile in Redis for an hour so
 * people and tests can read it through `GET /dev/sms/{mobile}`. Refused in production.
 */
export function devSinkSender(redis: Redis, logger: Logger): SmsSender {
  return {
    async send({ mobile, purpose, code }) {
      await redis.set(
        devSinkKey(mobile),
        JSON.stringify({ code, purpose, sentAt: new Date().toISOString() }),
        'EX',
        3600,
      );
      // never the mobile: a log line is no place for a person's number (issue 16)
      logger.debug({ purpose }, 'sms code written to the development sink');
    },
  };
}

/**
 * Posts `{ mobile, text }` as JSON to the operator's SMS gateway, which holds the
 * SMS provider's credentials; any non-2xx answer fails the send.
 */
export function webhookSender(url: string, logger: Logger): SmsSender {
  return {
    async send({ mobile, purpose, text }) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mobile, text }),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`sms gateway answered ${res.status}`);
      logger.info({ purpose }, 'sms sent');
    },
  };
}
