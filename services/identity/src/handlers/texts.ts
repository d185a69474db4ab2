import { AppError, identity } from '@voucher/contracts';
import type { Bus } from '@voucher/bus';
import { budgetHour } from '../domain/sms-rules.ts';
import { recordText, textOf } from '../store/texts.ts';
import { findUserById } from '../store/users.ts';
import type { IdentityDeps } from './deps.ts';

/**
 * `svc.identity.textUser` (issue 18): another service's notice to a user, sent
 * to the user's own mobile. Only `notifications` may send it (its catalogue
 * entry: the bus refuses any other sender). Idempotent on the caller's key:
 * the key is recorded in the transaction around the send, so a second request
 * with it (even a concurrent one, which waits on the first) sends nothing and
 * answers as the first; a failed send records nothing and may be retried.
 * Within the texts' own hourly budget (SMS_TEXT_BUDGET_PER_HOUR), apart from
 * ID-6's budget of codes: a draw's texts never starve sign-in. The mobile and
 * the text are never logged.
 */
export function registerTextHandlers(bus: Bus, deps: IdentityDeps): void {
  bus.handle(identity.textUser, async ({ key, userId, text }, ctx) => {
    const sent = await deps.db.transaction().execute(async (trx) => {
      const sentAt = await recordText(trx, key, userId);
      if (!sentAt) return null;
      const user = await findUserById(trx, userId);
      if (!user) throw new AppError('NOT_FOUND', 'no such user');
      if (!user.mobile) throw new AppError('INVALID_STATE', 'the user has no mobile to text');
      const now = new Date();
      const hour = budgetHour(now);
      if (!(await deps.smsCodes.takeFromBudget('texts', hour.hour, deps.settings.smsTextBudgetPerHour))) {
        ctx.log.warn(
          { budget: deps.settings.smsTextBudgetPerHour, key },
          'text budget of the hour spent: text refused',
        );
        throw new AppError('RATE_LIMITED', 'the SMS budget of this hour is spent: send it again later', {
          retryAfterSeconds: hour.secondsLeft,
        });
      }
      await deps.smsSender.send({ mobile: user.mobile, purpose: 'notice', text });
      ctx.log.info({ key }, 'text sent');
      return sentAt;
    });
    if (sent) return { key, sentAt: sent.toISOString() };
    const first = await textOf(deps.db, key);
    if (first.user_id !== userId) throw new AppError('DUPLICATE', 'this key was already used for another user');
    ctx.log.debug({ key }, 'text already sent for this key');
    return { key, sentAt: first.sent_at.toISOString() };
  });
}
