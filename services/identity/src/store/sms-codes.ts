import type { Redis } from '@voucher/kit';
import type { SmsPurpose } from '@voucher/contracts';
import { SMS_CODE_TTL_SECONDS, SMS_DAILY_LIMIT, SMS_MAX_ATTEMPTS, SMS_RESEND_SECONDS } from '../domain/sms-rules.ts';

const codeKey = (purpose: SmsPurpose, mobile: string) => `sms:code:${purpose}:${mobile}`;
const cooldownKey = (purpose: SmsPurpose, mobile: string) => `sms:cooldown:${purpose}:${mobile}`;
const dailyKey = (mobile: string, day: string) => `sms:daily:${mobile}:${day}`;

// ID-6 in one atomic step, so two concurrent verifications cannot both win
// and the fifth wrong try burns the code. ARGV[3] '1' consumes a right code;
// '0' leaves it for a later `consume` (registration checks the code before
// anything else, and spends it only once the account exists).
const VERIFY_SCRIPT = `
local code = redis.call('HGET', KEYS[1], 'code')
if not code then return 'missing' end
if code == ARGV[1] then
  if ARGV[3] == '1' then redis.call('DEL', KEYS[1]) end
  return 'ok'
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return 'burned'
end
return 'wrong'`;

export type SmsVerification = 'ok' | 'missing' | 'wrong' | 'burned';
export type SmsSendPermit = { ok: true } | { ok: false; retryAfterSeconds: number; reason: 'resend' | 'daily' };

export function smsCodeStore(redis: Redis) {
  return {
    /** Takes the 60 s slot and one of the day's 10 sends, or says when to come back. */
    async permitSend(purpose: SmsPurpose, mobile: string, day: string): Promise<SmsSendPermit> {
      const took = await redis.set(cooldownKey(purpose, mobile), '1', 'EX', SMS_RESEND_SECONDS, 'NX');
      if (took !== 'OK') {
        const ttl = await redis.ttl(cooldownKey(purpose, mobile));
        return { ok: false, retryAfterSeconds: Math.max(ttl, 1), reason: 'resend' };
      }
      const [[, sent]] = (await redis
        .multi()
        .incr(dailyKey(mobile, day))
        .expire(dailyKey(mobile, day), 2 * 86400)
        .exec()) as [[Error | null, number]];
      if (sent > SMS_DAILY_LIMIT) return { ok: false, retryAfterSeconds: 3600, reason: 'daily' };
      return { ok: true };
    },

    async save(purpose: SmsPurpose, mobile: string, code: string): Promise<void> {
      await redis
        .multi()
        .del(codeKey(purpose, mobile))
        .hset(codeKey(purpose, mobile), { code, attempts: 0 })
        .expire(codeKey(purpose, mobile), SMS_CODE_TTL_SECONDS)
        .exec();
    },

    async verify(
      purpose: SmsPurpose,
      mobile: string,
      code: string,
      { consume = true }: { consume?: boolean } = {},
    ): Promise<SmsVerification> {
      return (await redis.eval(
        VERIFY_SCRIPT,
        1,
        codeKey(purpose, mobile),
        code,
        SMS_MAX_ATTEMPTS,
        consume ? '1' : '0',
      )) as SmsVerification;
    },

    /** Spends a code verified with `consume: false`. */
    async consume(purpose: SmsPurpose, mobile: string): Promise<void> {
      await redis.del(codeKey(purpose, mobile));
    },
  };
}
export type SmsCodeStore = ReturnType<typeof smsCodeStore>;
