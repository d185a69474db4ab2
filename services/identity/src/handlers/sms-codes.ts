import { AppError, type SentSmsPurpose } from '@voucher/contracts';
import type { HandlerContext } from '@voucher/bus';
import { budgetHour, newSmsCode, secondsLeftInDay, smsDay, smsText } from '../domain/sms-rules.ts';
import type { IdentityDeps } from './deps.ts';

/**
 * ID-6: one answer for a wrong, burned or missing code. A different answer
 * for "no code" would tell a stranger whether a code was sent, and codes for
 * login and resets go only to known mobiles: the answer would say which
 * mobiles have accounts.
 */
export const smsCodeInvalid = () =>
  new AppError('SMS_CODE_INVALID', 'the code is wrong or has expired: request a new one');

/** ID-6: a mobile whose codes for a purpose failed too often today; the same for every mobile, known or not. */
function tooManyWrongCodes(now: Date, timeZone: string): AppError {
  return new AppError('RATE_LIMITED', 'too many wrong codes for this mobile today: try again tomorrow', {
    retryAfterSeconds: secondsLeftInDay(now, timeZone),
  });
}

/** Checks a code (spent unless `consume: false`), counting a failure against the mobile's day. */
export async function verifySmsCode(
  deps: IdentityDeps,
  purpose: SentSmsPurpose,
  mobile: string,
  code: string,
  options?: { consume?: boolean },
): Promise<void> {
  const now = new Date();
  const outcome = await deps.smsCodes.verify(purpose, mobile, code, smsDay(now, deps.settings.timeZone), options);
  if (outcome === 'ok') return;
  if (outcome === 'locked') throw tooManyWrongCodes(now, deps.settings.timeZone);
  throw smsCodeInvalid();
}

/**
 * ID-6: the way a code leaves: not for a mobile locked for the day, one per
 * mobile and purpose a minute and 10 a day, and within the platform's hourly
 * SMS budget (SMS pumping costs the programme money). `deliver: false` spends
 * the same limits and sends nothing, so the caller's answer cannot tell the two
 * apart. `cooldown: false` skips the minute's wait, for a second factor that
 * only a right password sends (A7).
 */
export async function sendSmsCode(
  deps: IdentityDeps,
  ctx: HandlerContext,
  {
    mobile,
    purpose,
    deliver,
    cooldown = true,
  }: { mobile: string; purpose: SentSmsPurpose; deliver: boolean; cooldown?: boolean },
): Promise<void> {
  const now = new Date();
  const day = smsDay(now, deps.settings.timeZone);
  if (await deps.smsCodes.lockedForDay(purpose, mobile, day)) throw tooManyWrongCodes(now, deps.settings.timeZone);
  const permit = await deps.smsCodes.permitSend(purpose, mobile, day, { cooldown });
  if (!permit.ok) {
    throw new AppError(
      'RATE_LIMITED',
      permit.reason === 'resend' ? 'one code per minute: wait before asking again' : 'at most 10 codes a day',
      { retryAfterSeconds: permit.retryAfterSeconds },
    );
  }
  const hour = budgetHour(now);
  if (!(await deps.smsCodes.takeFromBudget('codes', hour.hour, deps.settings.smsBudgetPerHour))) {
    ctx.log.warn({ budget: deps.settings.smsBudgetPerHour }, 'sms budget of the hour spent: codes refused');
    throw new AppError('RATE_LIMITED', 'no more SMS codes can be sent this hour: try again later', {
      retryAfterSeconds: hour.secondsLeft,
    });
  }
  if (!deliver) {
    ctx.log.info({ purpose }, 'sms code not sent: not for this mobile');
    return;
  }
  const code = newSmsCode();
  await deps.smsCodes.save(purpose, mobile, code);
  await deps.smsSender.send({ mobile, purpose, code, text: smsText(code, purpose) });
}
