import type { Redis } from '@voucher/kit';
import type { SentSmsPurpose } from '@voucher/contracts';
import {
  SMS_CODE_TTL_SECONDS,
  SMS_DAILY_FAILURE_LIMIT,
  SMS_DAILY_LIMIT,
  SMS_MAX_ATTEMPTS,
  SMS_RESEND_SECONDS,
} from '../domain/sms-rules.ts';

const codeKey = (purpose: SentSmsPurpose, mobile: string) => `sms:code:${purpose}:${mobile}`;
const cooldownKey = (purpose: SentSmsPurpose, mobile: string) => `sms:cooldown:${purpose}:${mobile}`;
const dailyKey = (mobile: string, day: string) => `sms:daily:${mobile}:${day}`;
const failureKey = (purpose: SentSmsPurpose, mobile: string, day: string) => `sms:failed:${purpose}:${mobile}:${day}`;
/** ID-6's budget of codes, and issue 18's of texts: counted apart */
export type SmsBudget = 'codes' | 'texts';
const budgetKey = (budget: SmsBudget, hour: number) =>
  budget === 'codes' ? `sms:budget:${hour}` : `sms:budget:texts:${hour}`;

// ID-6 in one atomic step, so two concurrent verifications cannot both win,
// the fifth wrong try burns the code, and a mobile's failed verifications of
// the day (KEYS[2]) are counted: once they reach the limit nothing verifies,
// not even the right code, however many requests race. ARGV[3] '1' consumes a
// right code; '0' leaves it for a later `consume` (registration checks the code
// before anything else, and spends it only once the account exists).
// KEYS: code hash, the day's failure counter. ARGV: code, tries per code,
// consume, failure limit, the counter's lifetime.
const VERIFY_SCRIPT = `
local failed = tonumber(redis.call('GET', KEYS[2]) or '0')
if failed >= tonumber(ARGV[4]) then return 'locked' end
local function fail(outcome)
  if redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[5]) end
  return outcome
end
local code = redis.call('HGET', KEYS[1], 'code')
if not code then return fail('missing') end
if code == ARGV[1] then
  if ARGV[3] == '1' then redis.call('DEL', KEYS[1]) end
  return 'ok'
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return fail('burned')
end
return fail('wrong')`;

export type SmsVerification = 'ok' | 'missing' | 'wrong' | 'burned' | 'locked';
export type SmsSendPermit = { ok: true } | { ok: false; retryAfterSeconds: number; reason: 'resend' | 'daily' };

export function smsCodeStore(redis: Redis) {
  return {
    /** Whether a mobile's failed verifications for a purpose have reached the day's limit. */
    async lockedForDay(purpose: SentSmsPurpose, mobile: string, day: string): Promise<boolean> {
      return Number((await redis.get(failureKey(purpose, mobile, day))) ?? 0) >= SMS_DAILY_FAILURE_LIMIT;
    },

    /** Takes one SMS of a budget of the hour (`size` per hour); false when the hour's is spent. */
    async takeFromBudget(budget: SmsBudget, hour: number, size: number): Promise<boolean> {
      const key = budgetKey(budget, hour);
      const [[, taken]] = (await redis
        .multi()
        .incr(key)
        .expire(key, 3600 + 60)
        .exec()) as [[Error | null, number]];
      return taken <= size;
    },

    /**
     * Takes the 60 s slot (unless `cooldown: false`) and one of the day's 10 sends,
     * or says when to come back.
     */
    async permitSend(
      purpose: SentSmsPurpose,
      mobile: string,
      day: string,
      { cooldown = true }: { cooldown?: boolean } = {},
    ): Promise<SmsSendPermit> {
      const took = cooldown ? await redis.set(cooldownKey(purpose, mobile), '1', 'EX', SMS_RESEND_SECONDS, 'NX') : 'OK';
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

    async save(purpose: SentSmsPurpose, mobile: string, code: string): Promise<void> {
      await redis
        .multi()
        .del(codeKey(purpose, mobile))
        .hset(codeKey(purpose, mobile), { code, attempts: 0 })
        .expire(codeKey(purpose, mobile), SMS_CODE_TTL_SECONDS)
        .exec();
    },

    async verify(
      purpose: SentSmsPurpose,
      mobile: string,
      code: string,
      day: string,
      { consume = true }: { consume?: boolean } = {},
    ): Promise<SmsVerification> {
      return (await redis.eval(
        VERIFY_SCRIPT,
        2,
        codeKey(purpose, mobile),
        failureKey(purpose, mobile, day),
        code,
        SMS_MAX_ATTEMPTS,
        consume ? '1' : '0',
        SMS_DAILY_FAILURE_LIMIT,
        2 * 86_400,
      )) as SmsVerification;
    },

    /** Whether an unspent, unexpired code for the purpose is waiting at the mobile. */
    async hasLiveCode(purpose: SentSmsPurpose, mobile: string): Promise<boolean> {
      return (await redis.exists(codeKey(purpose, mobile))) === 1;
    },

    /** Spends a code verified with `consume: false`. */
    async consume(purpose: SentSmsPurpose, mobile: string): Promise<void> {
      await redis.del(codeKey(purpose, mobile));
    },
  };
}
export type SmsCodeStore = ReturnType<typeof smsCodeStore>;
