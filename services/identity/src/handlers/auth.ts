import { v7 as uuidv7 } from 'uuid';
import { AppError, identity, identityEvents } from '@voucher/contracts';
import { appendEvent, requireCaller, type Bus } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { logoutRevocations } from '../domain/logout.ts';
import { sessionsEndedByNewPassword, type PasswordReplacement } from '../domain/password-change.ts';
import { decideRefresh } from '../domain/session.ts';
import { maySignInBySmsAlone } from '../domain/second-factor.ts';
import { mayReceiveCode, SMS_CODE_TTL_SECONDS } from '../domain/sms-rules.ts';
import { hashPassword } from '../security/password-hash.ts';
import { findRefreshToken, markUsed } from '../store/refresh-tokens.ts';
import {
  findUserById,
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
import { captchaInvalid } from './login.ts';

function duplicate(fields: ('username' | 'mobile')[]): AppError {
  return new AppError('DUPLICATE', `already registered: ${fields.join(', ')}`, { fields });
}

export function registerAuthHandlers(bus: Bus, deps: IdentityDeps): void {
  const { db } = deps;

  // ID-6: a person (the captcha) asks for a code for a mobile
  bus.handle(identity.sendSmsCode, async ({ mobile, purpose, captcha }, ctx) => {
    if (!(await deps.captchas.check(captcha.id, captcha.text))) throw captchaInvalid();
    // A registration code goes only to a free mobile, codes for login and resets
    // only to accounts they may serve (domain/sms-rules.ts); the answer is the
    // same either way, so nobody can probe which mobiles have accounts.
    const account = await findUserByMobile(db, mobile);
    await sendSmsCode(deps, ctx, { mobile, purpose, deliver: mayReceiveCode(purpose, account) });
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
          ctx,
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
    const rotated = await db.transaction().execute(async (trx) => {
      // the row lock orders racing uses of one token: the first marks it, the others find it used
      if (!(await markUsed(trx, row.id))) return null;
      const user = await findUserById(trx, row.user_id);
      if (!user) throw new AppError('UNAUTHENTICATED', 'the account no longer exists');
      return issueTokens(deps, trx, user, row.session_id);
    });
    if (rotated) return rotated;
    // ID-3: a token used twice at the same moment is a copy used too: theft, like any reuse, and the
    // tokens the first use was just given die with the session
    await endSessions(deps, db, { sessionId: row.session_id });
    throw new AppError('TOKEN_REVOKED', 'this refresh token was already used: the session is ended');
  });

  // ID-5
  bus.handle(identity.logout, async ({ refreshToken }, ctx) => {
    const caller = requireCaller(ctx);
    const row = refreshToken ? await findRefreshToken(db, refreshToken) : undefined;
    const revoked = logoutRevocations(caller, row && { userId: row.user_id, sessionId: row.session_id });
    if (revoked.tokenId) await deps.revocations.revokeToken(revoked.tokenId);
    for (const sessionId of revoked.sessionIds) await endSessions(deps, db, { sessionId });
    return {};
  });

  // ID-7, self-service; a platform account's password is reset by an administrator (A7:
  // an SMS code alone is one factor), and no reset code is ever sent to one
  bus.handle(identity.resetPassword, async (req, ctx) => {
    const user = await findUserByMobile(db, req.mobile);
    await verifySmsCode(deps, 'reset_password', req.mobile, req.smsCode);
    if (!user || !maySignInBySmsAlone(user.role)) throw smsCodeInvalid();
    await setPassword(deps, user, req.newPassword, { how: 'self_reset', by: user.id, requestId: ctx.requestId });
    await deps.loginAttempts.clear(user.id);
    return {};
  });
}

/** ID-2/4/7: the one way a password changes: policy, history, sessions ended, event. */
export async function setPassword(
  deps: IdentityDeps,
  user: UserRow,
  newPassword: string,
  opts: {
    how: PasswordReplacement;
    by: string;
    byRole?: string;
    requestId: string;
    /** the owner's session a change was made in (ID-4) */
    changedInSessionId?: string;
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
  await endSessions(deps, deps.db, sessionsEndedByNewPassword(opts.how, user.id, opts.changedInSessionId));
}
