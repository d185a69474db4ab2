import { AppError, identity } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import type { IdentityDeps } from './deps.ts';

/** Non-production windows onto the SMS sink and captchas (API.md /dev routes); never registered in production. */
export function registerDevHandlers(bus: Bus, deps: IdentityDeps): void {
  const inbox = deps.devSinkInbox;
  if (!inbox) throw new Error('the development SMS sink is only read outside production');
  bus.handle(identity.devSms, async ({ mobile }) => {
    const held = await inbox.read(mobile);
    if (!held) throw new AppError('NOT_FOUND', 'no code or text was sent to this mobile in the last hour');
    return held;
  });
  bus.handle(identity.devCaptcha, async ({ captchaId }) => {
    const text = await deps.captchas.peek(captchaId);
    if (!text) throw new AppError('NOT_FOUND', 'no such captcha');
    return { text };
  });
}
