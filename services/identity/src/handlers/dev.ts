import { AppError, identity } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import type { Redis } from '@voucher/kit';
import { devSinkKey } from '../sms/sender.ts';
import type { IdentityDeps } from './deps.ts';

/** Non-production windows onto the SMS sink and captchas (API.md /dev routes); never registered in production. */
export function registerDevHandlers(bus: Bus, deps: IdentityDeps, redis: Redis): void {
  bus.handle(identity.devSms, async ({ mobile }) => {
    const raw = await redis.get(devSinkKey(mobile));
    if (!raw) throw new AppError('NOT_FOUND', 'no code was sent to this mobile in the last hour');
    return JSON.parse(raw);
  });
  bus.handle(identity.devCaptcha, async ({ captchaId }) => {
    const text = await deps.captchas.peek(captchaId);
    if (!text) throw new AppError('NOT_FOUND', 'no such captcha');
    return { text };
  });
}
