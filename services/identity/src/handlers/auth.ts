import { v7 as uuidv7 } from 'uuid';
import { AppError, identity, identityEvents, type ParsedRequestOf } from '@voucher/contracts';
import { appendEvent, type Bus, type HandlerContext } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { decideAfterFailure, decideLoginGate } from '../domain/login-gate.ts';
import { decideRefresh } from '../domain/session.ts';
import { accountName } from '../domain/account-name.ts';
import { mayReceiveCode, SMS_CODE_TTL_SECONDS } from '../domain/sms-rules.ts';
import { hashPassword, verifyPassword } from '../security/password-hash.ts';
import { findRefreshToken, markUsed } from '../store/refresh-tokens.ts';
import {
  findUserById,
  findUserByAccount,
  findUserByMobile,
  insertUser,
  replacePassword,
  takenFields,
  uniqueViolationField,
  type UserRow,
} from '../store/users.ts';
import type { IdentityDeps } from './deps.ts';
import { assertPolicy, hashNewPassword } from './passwords.ts';
import { endSessions, issueTokens } from './sessions.ts';
import { sendSmsCode, smsCodeInvalid, verifySmsCode } from './sms-codes.ts';

// A hash to verify against when the account does not exist, so a wrong
// account and a wrong password take the same time (no account probing).
let decoyHash: Promise<string> | undefined;

function duplicate(fields: ('username' | 'mobile')[]): AppError {
  return new AppError('DUPLICATE', `already registered: ${fields.join(', ')}`, { fields });
}

export function registerAuthHandlers(bus: Bus, deps: IdentityDeps): void {
  const { db } = deps;

  // ID-6
  // ID-6: a person (the captcha) asks for a code for a mobile
  bus.handle(identity.sendSmsCode, async ({ mobile, purpose, captcha }, ctx) => {
    if (!(await deps.captchas.check(captcha.id, captcha.text))) throw captchaInvalid();
    // A registration code goes only to a free mobile, and codes for login and
    // resets only to known ones; the answer is the same either way, so nobody can
    // probe which mobiles have accounts.
    const account = await findUserByMobile(db, mobile);
    await sendSmsCode(deps, ctx, { mobile, purpose, deliver: mayReceiveCode(purpose, account !== undefined) });
    return { expiresInSeconds: SMS_CODE_TTL_SECONDS };
  });

  bus.handle(identity.captcha, () => deps.captchas.create());

  // ID-1
  bus.handle(identity.register, async (req, ctx) => {
    assertPolicy(req.password, req);
    // the code first (not spent yet): only whoever holds the mobile learns what is taken
    await verifySmsCode(deps, 'register', req.mobile, req.smsCode, { consume: false });
    const taken = await takenFields(db, req.username, req.mobile);
    if (taken.length > 0) throw duplicate(taken);
    const passwordHash = await hashPassword(req.password, deps.settings.passwordKdfCost);
    const userId = uuidv7();
    try {
      await db.transaction().execute(async (trx) => {
        const user = await insertUser(trx, {
          id: userId,
          username: req.username,
          mobile: req.mobile,
          role: req.role,
          passwordHash,
        });
        await recordAudit(trx, { entity: 'user', entityId: userId, action: 'registered', toState: 'active' });
        await appendEvent(
          trx,
          identityEvents.userRegistered,
          {
            userId,
            username: user.username,
            mobile: user.mobile,
            role: req.role,
            registeredAt: user.created_at.toISOString(),
          },
          { requestId: ctx.requestId },
        );
      });
    } catch (err) {
      const field = uniqueViolationField(err);
      if (field) throw duplicate([field]);
      throw err;
    }
    await deps.smsCodes.consume('register', req.mobile);
    ctx.log.info({ userId, role: req.role }, 'registered');
    return { userId };
  });

  // ID-3
  bus.handle(identity.login, async (req, ctx) => {
    if ('mobile' in req) {
      const user = await findUserByMobile(db, req.mobile);
      // the same subject a password login with this mobile counts against, known or not
      const gate = await deps.loginAttempts.read(loginSubject(user, req.mobile));
      if (gate.lockedUntilEpochSeconds !== null) throw locked(gate.lockedUntilEpochSeconds);
      await verifySmsCode(deps, 'login', req.mobile, req.smsCode);
      if (!user) throw smsCodeInvalid();
      return issueTokens(deps, db, user);
    }
    return passwordLogin(deps, req, ctx);
  });

  bus.handle(identity.refresh, async ({ refreshToken }) => {
    const row = await findRefreshToken(db, refreshToken);
    if (!row) throw new AppError('UNAUTHENTICATED', 'unknown refresh token');
    const decision = decideRefresh(
      { expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at },
      new Date(),
    );
    if (decision.kind === 'expired')
      throw new AppError('UNAUTHENTICATED', 'the refresh token has expired: log in again');
    if (decision.kind === 'revoked') throw new AppError('TOKEN_REVOKED', 'the session has ended: log in again');
    if (decision.kind === 'reuse_detected') {
      await endSessions(deps, db, { sessionId: row.session_id });
      throw new AppError('TOKEN_REVOKED', 'this refresh token was already used: the session is ended');
    }
    return db.transaction().execute(async (trx) => {
      if (!(await markUsed(trx, row.id))) throw new AppError('TOKEN_REVOKED', 'this refresh token was already used');
      const user = await findUserById(trx, row.user_id);
      if (!user) throw new AppError('UNAUTHENTICATED', 'the account no longer exists');
      return issueTokens(deps, trx, user, row.session_id);
    });
  });

  // ID-5
  bus.handle(identity.logout, async (_req, ctx) => {
    const caller = requireCaller(ctx);
    if (caller.tokenId) await deps.revocations.revokeToken(caller.tokenId);
    if (caller.sessionId) await endSessions(deps, db, { sessionId: caller.sessionId });
    return {};
  });

  // ID-7, self-service
  bus.handle(identity.resetPassword, async (req, ctx) => {
    const user = await findUserByMobile(db, req.mobile);
    await verifySmsCode(deps, 'reset_password', req.mobile, req.smsCode);
    if (!user) throw smsCodeInvalid();
    await setPassword(deps, user, req.newPassword, { how: 'self_reset', by: user.id, requestId: ctx.requestId });
    await deps.loginAttempts.clear(user.id);
    return {};
  });
}

/**
 * ID-3: whom a login's failures and lock count against: the user, or the
 * typed account when nobody has it (so an unknown account locks like a known one).
 */
function loginSubject(user: UserRow | undefined, typed: string): string {
  return user?.id ?? `account:${typed.toLowerCase()}`;
}

const captchaInvalid = () => new AppError('CAPTCHA_INVALID', 'the captcha answer is wrong or expired: get a new one');

function locked(untilEpochSeconds: number): AppError {
  const until = new Date(untilEpochSeconds * 1000).toISOString();
  return new AppError('ACCOUNT_LOCKED', `too many failed logins: locked until ${until}`, { until });
}

export function requireCaller(ctx: HandlerContext) {
  if (!ctx.caller) throw new AppError('UNAUTHENTICATED', 'log in first');
  return ctx.caller;
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
  if (ok && user) {
    await deps.loginAttempts.clear(subject);
    return issueTokens(deps, deps.db, user);
  }
  const outcome = decideAfterFailure(await deps.loginAttempts.fail(subject));
  if (outcome.kind === 'lock') {
    const until = await deps.loginAttempts.lock(subject, outcome.seconds);
    if (user) {
      await deps.db.transaction().execute(async (trx) => {
        await recordAudit(trx, {
          entity: 'user',
          entityId: user.id,
          action: 'locked',
          reason: 'too many failed logins',
        });
        await appendEvent(
          trx,
          identityEvents.accountLocked,
          { userId: user.id, until: new Date(until * 1000).toISOString() },
          { requestId: ctx.requestId },
        );
      });
    }
    throw locked(until);
  }
  throw new AppError('INVALID_CREDENTIALS', 'wrong account or password', { captchaRequired: outcome.captchaRequired });
}

/** ID-2/4/7: the one way a password changes: policy, history, sessions ended, event. */
export async function setPassword(
  deps: IdentityDeps,
  user: UserRow,
  newPassword: string,
  opts: {
    how: 'change' | 'self_reset' | 'admin_reset';
    by: string;
    byRole?: string;
    requestId: string;
    keepSessionId?: string;
  },
): Promise<void> {
  const newHash = await hashNewPassword(deps, deps.db, user, newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await replacePassword(trx, user, newHash);
    await recordAudit(trx, {
      entity: 'user',
      entityId: user.id,
      action: `password_${opts.how}`,
      actor: { userId: opts.by, role: opts.byRole ?? user.role },
    });
    await appendEvent(
      trx,
      identityEvents.passwordChanged,
      { userId: user.id, how: opts.how, by: opts.by, at: new Date().toISOString() },
      { requestId: opts.requestId },
    );
  });
  await endSessions(
    deps,
    deps.db,
    opts.keepSessionId ? { userId: user.id, exceptSessionId: opts.keepSessionId } : { userId: user.id },
  );
}
