import { AppError, identity } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import type { Redis } from '@voucher/kit';
import { devSinkKey, devSinkTextsKey } from '../sms/sender.ts';
import type { IdentityDeps } from './deps.ts';

/** Non-production windows onto the SMS sink and captchas (API.md /dev routes); never registered in production. */
export function registerDevHandlers(bus: Bus, deps: IdentityDeps, redis: Redis): void {
  bus.handle(identity.devSms, async ({ mobile }) => {
    const [raw, texts] = await Promise.all([
      redis.get(devSinkKey(mobile)),
      redis.lrange(devSinkTextsKey(mobile), 0, -1),
    ]);
    if (!raw && texts.length === 0) {
      throw new AppError('NOT_FOUND', 'no code or text was sent to this mobile in the last hour');
    }
    return {
      ...(raw ? (JSON.parse(raw) as { code: string; purpose: never; sentAt: string }) : {}),
      texts: texts.map((t) => JSON.parse(t) as { text: string; sentAt: string }),
    };
  });
  bus.handle(identity.devCaptcha, async ({ captchaId }) => {
    const text = await deps.captchas.peek(captchaId);
    if (!text) throw new AppError('NOT_FOUND', 'no such captcha');
    return { text };
  });
}
