import { AppError, identity, identityEvents, type ParsedRequestOf } from '@voucher/contracts';
import { appendEvent, type Bus, type EventCause, type HandlerContext } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { decideAfterFailure, decideLoginGate } from '../domain/login-gate.ts';
import { accountName } from '../domain/account-name.ts';
import { maskMobile, maySignInBySmsAlone, requiresSecondFactor } from '../domain/second-factor.ts';
import { SMS_CODE_TTL_SECONDS } from '../domain/sms-rules.ts';
import { needsRehash } from '../domain/password-cost.ts';
import { hashPassword, verifyPassword } from '../security/password-hash.ts';
import {
  findUserByAccount,
  findUserById,
  findUserByMobile,
  upgradePasswordHash,
  type UserRow,
} from '../store/users.ts';
import type { IdentityDeps } from './deps.ts';
import { issueTokens } from './sessions.ts';
import { sendSmsCode, smsCodeInvalid, verifySmsCode } from './sms-codes.ts';

// A hash to verify against when the account does not exist, so a wrong
// account and a wrong password take the same time (no account probing).
let decoyHash: Promise<string> | undefined;

/**
 * ID-3: whom a login's failures and lock count against: the user, or the
 * typed account when nobody has it (so an unknown account locks like a known one).
 */
function loginSubject(user: UserRow | undefined, typed: string): string {
  return user?.id ?? `account:${typed.toLowerCase()}`;
}

function locked(untilEpochSeconds: number): AppError {
  const until = new Date(untilEpochSeconds * 1000).toISOString();
  return new AppError('ACCOUNT_LOCKED', `too many failed logins: locked until ${until}`, { until });
}

export const captchaInvalid = () =>
  new AppError('CAPTCHA_INVALID', 'the captcha answer is wrong or expired: get a new one');

/** ID-3: refuses while the subject is locked. */
export async function assertNotLocked(deps: IdentityDeps, subject: string): Promise<void> {
  const { lockedUntilEpochSeconds } = await deps.loginAttempts.read(subject);
  if (lockedUntilEpochSeconds !== null) throw locked(lockedUntilEpochSeconds);
}

/**
 * ID-3: counts one failed proof of who someone is (a password, a second
 * factor) and answers with the refusal to throw: the lock from the 10th within
 * 15 minutes (audited, with its event), else `refusal` (captchaRequired says
 * whether the next password login needs the captcha).
 */
export async function countLoginFailure(
  deps: IdentityDeps,
  subject: string,
  user: UserRow | undefined,
  cause: EventCause,
  refusal: (captchaRequired: boolean) => AppError,
): Promise<AppError> {
  const outcome = decideAfterFailure(await deps.loginAttempts.fail(subject));
  if (outcome.kind === 'refuse') return refusal(outcome.captchaRequired);
  const until = await deps.loginAttempts.lock(subject, outcome.seconds);
  deps.metrics.lockouts.inc();
  if (user) {
    await deps.db.transaction().execute(async (trx) => {
      await recordAudit(trx, { entity: 'user', entityId: user.id, action: 'locked', reason: 'too many failed logins' });
      await appendEvent(
        trx,
        identityEvents.accountLocked,
        { userId: user.id, until: new Date(until * 1000).toISOString() },
        cause,
      );
    });
  }
  return locked(until);
}

const wrongPassword = (captchaRequired: boolean) =>
  new AppError('INVALID_CREDENTIALS', 'wrong account or password', { captchaRequired });

export function registerLoginHandlers(bus: Bus, deps: IdentityDeps): void {
  // ID-3
  bus.handle(identity.login, (req, ctx) => ('mobile' in req ? smsLogin(deps, req) : passwordLogin(deps, req, ctx)));

  // A7: the second step of a platform role's login
  bus.handle(identity.loginSecondFactor, async ({ challengeId, smsCode }, ctx) => {
    const userId = await deps.loginChallenges.userOf(challengeId);
    const user = userId ? await findUserById(deps.db, userId) : undefined;
    if (!user) throw new AppError('UNAUTHENTICATED', 'this sign-in has expired: enter the password again');
    await assertNotLocked(deps, user.id);
    try {
      await verifySmsCode(deps, 'second_factor', user.mobile, smsCode);
    } catch (err) {
      if ((err as AppError).code !== 'SMS_CODE_INVALID') throw err;
      // a wrong second factor is a failed login too: it counts towards the lock
      throw await countLoginFailure(deps, user.id, user, ctx, () => err as AppError);
    }
    await deps.loginChallenges.close(challengeId);
    await deps.loginAttempts.clear(user.id);
    deps.metrics.logins.inc({ method: 'second_factor' });
    return issueTokens(deps, deps.db, user);
  });
}

/** ID-3: mobile and SMS code, for the accounts that may sign in by SMS alone. */
async function smsLogin(deps: IdentityDeps, req: Extract<ParsedRequestOf<typeof identity.login>, { mobile: string }>) {
  const user = await findUserByMobile(deps.db, req.mobile);
  // the same subject a password login with this mobile counts against, known or not
  await assertNotLocked(deps, loginSubject(user, req.mobile));
  await verifySmsCode(deps, 'login', req.mobile, req.smsCode);
  // no login code is ever sent to a platform account (A7); answer as for any bad code
  if (!user || !maySignInBySmsAlone(user.role)) throw smsCodeInvalid();
  deps.metrics.logins.inc({ method: 'sms' });
  return issueTokens(deps, deps.db, user);
}

async function passwordLogin(
  deps: IdentityDeps,
  req: Extract<ParsedRequestOf<typeof identity.login>, { account: string }>,
  ctx: HandlerContext,
) {
  const user = await findUserByAccount(deps.db, accountName(req.account));
  const subject = loginSubject(user, req.account);
  const state = await deps.loginAttempts.read(subject);
  const gate = decideLoginGate({ ...state, captchaGiven: req.captcha !== undefined });
  if (gate.kind === 'locked') throw locked(gate.untilEpochSeconds);
  if (gate.kind === 'captcha_required') {
    throw new AppError('CAPTCHA_REQUIRED', 'too many failed attempts: solve the captcha (GET /auth/captcha)');
  }
  if (gate.kind === 'check_captcha' && !(await deps.captchas.check(req.captcha!.id, req.captcha!.text))) {
    throw captchaInvalid();
  }
  decoyHash ??= hashPassword('decoy-password-Aa1!', deps.settings.passwordKdfCost);
  const ok = await verifyPassword(req.password, user?.password_hash ?? (await decoyHash));
  if (!ok || !user) throw await countLoginFailure(deps, subject, user, ctx, wrongPassword);
  // the password is proven: a hash made at a lower cost is made again at today's (A7)
  if (needsRehash(user.password_hash, deps.settings.passwordKdfCost)) {
    await upgradePasswordHash(deps.db, user, await hashPassword(req.password, deps.settings.passwordKdfCost));
  }
  if (requiresSecondFactor(user.role)) return secondFactorChallenge(deps, ctx, user);
  await deps.loginAttempts.clear(subject);
  deps.metrics.logins.inc({ method: 'password' });
  return issueTokens(deps, deps.db, user);
}

/**
 * A7: the password was right; a code goes to the account's own mobile, unless
 * one sent moments ago still waits there unspent (signing in twice within its
 * five minutes sends one code, not two). The failures so far are cleared only
 * once the second factor is right too.
 */
async function secondFactorChallenge(deps: IdentityDeps, ctx: HandlerContext, user: UserRow) {
  if (!(await deps.smsCodes.hasLiveCode('second_factor', user.mobile))) {
    await sendSmsCode(deps, ctx, { mobile: user.mobile, purpose: 'second_factor', deliver: true, cooldown: false });
  }
  return {
    secondFactor: {
      challengeId: await deps.loginChallenges.open(user.id),
      method: 'sms' as const,
      maskedMobile: maskMobile(user.mobile),
      expiresInSeconds: SMS_CODE_TTL_SECONDS,
    },
  };
}
