import type { Logger, Redis } from '@voucher/kit';
import type { SentSmsPurpose } from '@voucher/contracts';

/**
 * What leaves as an SMS: a code for a purpose (ID-6), or a notice another
 * service asked for (`svc.identity.textUser`, issue 18), which carries no code.
 */
type SmsMessage = { mobile: string; text: string } & (
  { purpose: SentSmsPurpose; code: string } | { purpose: 'notice'; code?: undefined }
);

/** ID-6: the pluggable way a code or a notice reaches a phone. */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

const devSinkKey = (mobile: string) => `dev:sms:${mobile}`;
/** the notices sent to a mobile, newest first (issue 18) */
const devSinkTextsKey = (mobile: string) => `dev:sms-texts:${mobile}`;
/** the notices the development sink keeps per mobile */
const DEV_SINK_TEXTS_KEPT = 20;

/**
 * Development sink: keeps the latest code per mobile, and its latest notices,
 * in Redis for an hour so people and tests can read them through
 * `GET /dev/sms/{mobile}`. Refused in production.
 */
export function devSinkSender(redis: Redis, logger: Logger): SmsSender {
  return {
    async send({ mobile, purpose, code, text }) {
      const sentAt = new Date().toISOString();
      if (code === undefined) {
        await redis
          .multi()
          .lpush(devSinkTextsKey(mobile), JSON.stringify({ text, sentAt }))
          .ltrim(devSinkTextsKey(mobile), 0, DEV_SINK_TEXTS_KEPT - 1)
          .expire(devSinkTextsKey(mobile), 3600)
          .exec();
      } else {
        await redis.set(devSinkKey(mobile), JSON.stringify({ code, purpose, sentAt }), 'EX', 3600);
      }
      // never the mobile nor the text: a log line is no place for a person's number (issue 16)
      logger.debug({ purpose }, 'sms written to the development sink');
    },
  };
}

/** What the development sink holds for a mobile: its latest code, if any, and its latest notices. */
export interface DevSinkContents {
  code?: string;
  purpose?: SentSmsPurpose;
  sentAt?: string;
  texts: { text: string; sentAt: string }[];
}

/** The development sink read back (`GET /dev/sms/{mobile}`): what `devSinkSender` kept, or null when nothing. */
export function devSinkInbox(redis: Redis) {
  return {
    async read(mobile: string): Promise<DevSinkContents | null> {
      const [raw, texts] = await Promise.all([
        redis.get(devSinkKey(mobile)),
        redis.lrange(devSinkTextsKey(mobile), 0, -1),
      ]);
      if (!raw && texts.length === 0) return null;
      return {
        ...(raw ? (JSON.parse(raw) as { code: string; purpose: SentSmsPurpose; sentAt: string }) : {}),
        texts: texts.map((t) => JSON.parse(t) as { text: string; sentAt: string }),
      };
    },
  };
}
export type DevSinkInbox = ReturnType<typeof devSinkInbox>;

/**
 * Posts `{ mobile, text }` as JSON to the operator's SMS gateway, which holds the
 * SMS provider's credentials; any non-2xx answer (or no answer in 5 s) fails the send.
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
